import Foundation
import Testing
@testable import VernierReport

/// Heckbert's nice numbers and the log ticks, against hand-worked cases and invariants.
struct TickTests {
    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
    }

    @Test(arguments: [
        // Heckbert's own example shape: range 98.7 → nice 100, step nicenum(25, round) = 20.
        (0.0, 98.7, 5, [0.0, 20, 40, 60, 80, 100], 20.0, 0),
        // Range 15.8 → 20, step nicenum(5) = 5, loose ends −5 and 15.
        (-3.7, 12.1, 5, [-5.0, 0, 5, 10, 15], 5.0, 0),
        // Range 1 → 1, step nicenum(0.25) = 0.2 (2.5 < 3 rounds to 2).
        (0.0, 1.0, 5, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 0.2, 1),
        (0.013, 0.0171, 3, [0.012, 0.014, 0.016, 0.018], 0.002, 3),
    ])
    func heckbertTicks(low: Double, high: Double, count: Int, expected: [Double], step: Double, digits: Int) {
        let ticks = NiceTicks(low: low, high: high, count: count)
        #expect(Self.close(ticks.values, expected), "\(ticks.values)")
        #expect(abs(ticks.step - step) < 1e-15)
        #expect(ticks.fractionDigits == digits)
    }

    @Test(arguments: [(1.0, false, 1.0), (1.4, true, 1.0), (1.6, true, 2.0), (2.9, true, 2.0), (3.1, true, 5.0),
                      (7.5, true, 10.0), (2.01, false, 5.0), (0.0031, false, 0.005), (4500, true, 5000)])
    func niceNumbers(x: Double, rounding: Bool, expected: Double) {
        #expect(abs(NiceTicks.niceNumber(x, rounding: rounding) - expected) < 1e-12 * expected)
    }

    @Test func ticksCoverTheDataWithOneTwoFiveSteps() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let scale = pow(10, Double.random(in: -6...6, using: &generator))
            let a = Double.random(in: -1...1, using: &generator) * scale
            let b = a + Double.random(in: 1e-3...10, using: &generator) * scale
            let ticks = NiceTicks(low: a, high: b, count: 5)
            #expect(ticks.lower <= a && ticks.upper >= b)
            let mantissa = ticks.step / pow(10, log10(ticks.step).rounded(.down))
            #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }, "step \(ticks.step)")
            #expect((3...12).contains(ticks.values.count), "\(ticks.values.count) ticks for [\(a), \(b)]")
        }
    }

    @Test func degenerateRangesStillHaveTicks() {
        #expect(NiceTicks(low: 5, high: 5).values.count >= 2)
        #expect(NiceTicks(low: 0, high: 0).values.first == -1)
        #expect(NiceTicks(low: .nan, high: 3).values == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    }

    @Test func logTicksArePowersOfTenOrOneTwoFiveOnShortRanges() {
        #expect(Self.close(LogTicks(low: 0.003, high: 700).values, [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]))
        #expect(Self.close(LogTicks(low: 2, high: 30).values, [2, 5, 10, 20, 50]))
        #expect(LogTicks(low: -1, high: 5).values == [1, 2, 5, 10])
    }

    @Test func scalesMapLinearlyAndByRatio() {
        let linear = ScaleMapping(scale: .linear, lower: 0, upper: 10, start: 100, end: 0)
        #expect(linear.pixel(2.5) == 75)
        #expect(linear.pixel(.nan) == nil)
        let log = ScaleMapping(scale: .logarithmic, lower: 1, upper: 100, start: 0, end: 200)
        #expect(abs((log.pixel(10) ?? 0) - 100) < 1e-12)
        #expect(log.pixel(0) == nil && log.pixel(-3) == nil)
    }

    @Test(arguments: [(0.0, 1, "0.0"), (-2.5, 1, "−2.5"), (250_000, 0, "250k"), (1_500_000, 0, "1.5M"),
                      (3e9, 0, "3G"), (0.000002, 6, "2.0e-6"), (1000, 0, "1000")])
    func tickLabels(value: Double, digits: Int, expected: String) {
        #expect(TickLabel.linear(value, fractionDigits: digits) == expected)
    }

    @Test func logLabels() {
        #expect(TickLabel.logarithmic(100) == "100")
        #expect(TickLabel.logarithmic(1e-3) == "10⁻³")
        #expect(TickLabel.logarithmic(5e6) == "5×10⁶")
    }

    @Test func thinningLeavesAGapBetweenKeptLabels() {
        // Labels 40 px wide every 30 px: every other one overlaps its neighbour, every second one fits.
        #expect(LabelThinning.stride(centres: [0, 30, 60, 90, 120], extents: [40, 40, 40, 40, 40], gap: 6) == 2)
        #expect(LabelThinning.stride(centres: [0, 100, 200], extents: [40, 40, 40]) == 1)
        #expect(LabelThinning.stride(centres: [0, 10, 20], extents: [100, 100, 100]) == 3)
    }
}
