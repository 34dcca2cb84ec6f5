import Testing
import VernierCore
import VernierYAML
import VernierMath
@testable import VernierPlants

@Suite("synthetic/Quadratic-v1")
struct QuadraticBowlTests {
    @Test("conforms to every rule of the checker")
    func conforms() throws {
        let plant = try PlantCatalog.specs.first { $0.id.description == "synthetic/Quadratic-v1" }.map { try $0.make(.none) }
        #expect(PlantChecker().check(try #require(plant)).isEmpty)
    }

    @Test("readings are x − t and the objective is their RMS, zero at the target")
    func analyticOptimum() throws {
        var options = QuadraticBowl.Options()
        options.dimension = 4
        var plant = QuadraticBowl(options: options)
        #expect(try plant.initialParameters(seed: 9) == [0, 0, 0, 0])
        let target = plant.target
        #expect(target.allSatisfy { abs($0) <= 2.5 })
        #expect(try plant.evaluate(target).objective == 0)
        let shifted = target.map { $0 + 0.5 }
        let evaluation = try plant.evaluate(shifted)
        #expect(abs(evaluation.objective - 0.5) < 1e-15)
        #expect(evaluation.observables.keys.sorted() == ["y_1", "y_2", "y_3", "y_4"])
        // The measurement hook computes what evaluate does, from the same readings.
        let readings = plant.readingNames.map { evaluation.observables[$0] ?? .nan }
        #expect(try plant.evaluation(readings: readings, parameters: shifted) == evaluation)
        // The same seed draws the same target; another seed another one.
        var again = QuadraticBowl(options: options)
        _ = try again.initialParameters(seed: 9)
        #expect(again.target == target)
        _ = try again.initialParameters(seed: 10)
        #expect(again.target != target)
    }

    @Test("options decode with their keys (bad ones: SyntheticDeviceTests)")
    func options() throws {
        let decoded = try PlantOptions(yaml: "{dimension: 3, noise: 0.1, target_seed: 4}", source: "t").decode(QuadraticBowl.Options.self)
        #expect(decoded.dimension == 3 && decoded.noise == 0.1 && decoded.targetSeed == 4)
    }
}
