import Testing
import VernierCore
import VernierMath

struct SpaceTests {
    let box = Box(low: [-1, 0, 2], high: [1, 10, 2])

    @Test func containsChecksEveryElementAndRejectsNaN() {
        #expect(box.contains([0, 5, 2]))
        #expect(box.contains([-1, 10, 2]))
        #expect(!box.contains([0, 10.000001, 2]))
        #expect(!box.contains([.nan, 5, 2]))
        #expect(!box.contains([0, 5]))
    }

    @Test func clipMovesOnlyOutsideElementsAndKeepsNaN() {
        #expect(box.clip([-3, 5, 7]) == [-1, 5, 2])
        let clipped = box.clip([.nan, 11, 2])
        #expect(clipped[0].isNaN && clipped[1] == 10)
    }

    @Test func normalizeAndDenormalizeAreInverse() {
        #expect(box.normalize([-1, 0, 2]) == [-1, -1, 0])
        #expect(box.normalize([1, 10, 2]) == [1, 1, 0])
        #expect(box.normalize([0, 5, 2]) == [0, 0, 0])
        let point = [0.25, 7.5, 2]
        let back = box.denormalize(box.normalize(point))
        for (a, b) in zip(back, point) { #expect(abs(a - b) < 1e-15) }
    }

    @Test func samplingIsSeededAndInside() {
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        for _ in 0..<1000 {
            let x = box.sample(using: &a)
            #expect(box.contains(x))
            #expect(x == box.sample(using: &b))
        }
    }

    @Test func unboundedElementsSampleFinitelyOnTheRightSide() {
        let open = Box(low: [0, -.infinity, -.infinity], high: [.infinity, 3, .infinity])
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<200 {
            let x = open.sample(using: &generator)
            #expect(x.allSatisfy(\.isFinite) && x[0] >= 0 && x[1] <= 3)
        }
    }

    @Test func problemsNameTheBadElement() {
        #expect(box.problems().isEmpty)
        #expect(Box(low: [0, 2], high: [1, 1]).problems() == ["element 1: low 2.0 is above high 1.0"])
        #expect(Box(low: [0], high: [.infinity]).problems().count == 1)
        #expect(Box(low: [0], high: [.infinity]).problems(allowInfinite: true).isEmpty)
        #expect(Box(low: [0, 0], high: [1, 1], shape: [3]).problems().count == 1)
        #expect(Box(low: [0], high: [.nan]).problems(allowInfinite: true).count == 1)
    }

    @Test func discreteSpaceHoldsIntegralChoicesOnly() {
        let space = Space.discrete(Discrete(3, start: 1))
        #expect(space.contains([1]) && space.contains([3]))
        #expect(!space.contains([0]) && !space.contains([4]) && !space.contains([1.5]) && !space.contains([1, 2]))
        var generator = SeededGenerator(seed: 1)
        let draws = Set((0..<300).map { _ in space.sample(using: &generator)[0] })
        #expect(draws == [1, 2, 3])
        #expect(Discrete(0).problems().count == 1)
    }

    @Test func normalizedBoxIsRecognised() {
        #expect(Box(low: -1, high: 1, count: 4).isNormalized)
        #expect(!Box(low: [-2], high: [2]).isNormalized)
    }
}
