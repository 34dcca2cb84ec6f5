import Foundation
import Testing
@testable import VernierFPGA

@Suite struct TanhTableTests {
    /// The shift-and-clamp index equals ⌊(x + R)·N/2R⌋ clamped, for every code of the input format.
    @Test(arguments: [(12, 5, 1024, 2), (10, 2, 64, 2), (6, 6, 256, 3), (16, 6, 8, 0)])
    func indexIsTheFloorOfTheScaledInput(width: Int, integerBits: Int, size: Int, rangeExponent: Int) {
        let input = FixedPointFormat(width: width, integerBits: integerBits)
        let table = TanhTable(size: size, rangeExponent: rangeExponent, inputFormat: input,
                              outputFormat: FixedPointFormat(width: 16, integerBits: 1))
        let range = Double(1 << rangeExponent)
        var mismatches = 0
        for raw in input.minimumRaw...input.maximumRaw {
            let x = input.value(ofRaw: raw)
            let want = min(max(Int(((x + range) * Double(size) / (2 * range)).rounded(.down)), 0), size - 1)
            if table.index(ofRaw: raw) != want { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// The reported maximum error bounds a dense sampling of |tanh x − table(x)| and is nearly reached by it.
    @Test(arguments: [64, 1024])
    func reportedErrorBoundsTheSampledError(size: Int) {
        let input = FixedPointFormat(width: 24, integerBits: 6)
        let table = TanhTable(size: size, inputFormat: input, outputFormat: FixedPointFormat(width: 18, integerBits: 1))
        var sampled = 0.0
        for step in 0...200_000 {
            let x = -8 + 16 * Double(step) / 200_000
            let code = input.quantize(x).raw
            let value = table.outputFormat.value(ofRaw: table.lookup(raw: code))
            sampled = max(sampled, abs(tanh(input.value(ofRaw: code)) - value))
        }
        #expect(sampled <= table.maximumError + 1e-12)
        #expect(sampled >= 0.9 * table.maximumError)
        // Midpoint sampling: half a bin of slope ≤ 1, plus the entry's rounding.
        #expect(table.maximumError <= 4.0 / Double(size) + table.outputFormat.resolution)
    }
}
