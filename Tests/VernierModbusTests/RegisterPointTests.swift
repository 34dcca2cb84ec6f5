import Testing
import VernierMath
@testable import VernierModbus

/// Physical ↔ raw conversion: exact on the grid of representable values, refusal (never wrapping) beyond it.
@Suite("Physical values")
struct RegisterPointTests {
    static func point(_ encoding: RegisterEncoding, scale: Double = 1, offset: Double = 0,
                      bounds: ClosedRange<Double>? = nil, word: WordOrder = .big, byte: ByteOrder = .big) -> RegisterPoint {
        RegisterPoint(name: "p", unit: "A",
                      layout: RegisterLayout(table: encoding == .bool ? .coil : .holding, address: 40,
                                             encoding: encoding, wordOrder: word, byteOrder: byte),
                      scale: scale, offset: offset, bounds: bounds)
    }

    static func roundTrip(_ value: Double, _ point: RegisterPoint) throws -> Double {
        var words = [UInt16](repeating: 0, count: point.layout.width)
        try words.withUnsafeMutableBufferPointer { try point.encode(value, into: $0, at: 0) }
        return words.withUnsafeBufferPointer { point.decode(from: $0, at: 0) }
    }

    @Test("grid values round-trip bit-exactly", arguments: RegisterLayoutTests.allCases)
    func gridRoundTrip(_ testCase: RegisterLayoutTests.Case) throws {
        for (scale, offset) in [(1.0, 0.0), (0.01, -5.0), (0.25, 3.0), (-2.0, 0.5)] {
            let point = Self.point(testCase.encoding, scale: scale, offset: offset,
                                   word: testCase.wordOrder, byte: testCase.byteOrder)
            var generator = SeededGenerator(seed: 11)
            let raws: [Double]
            if let range = testCase.encoding.integerRange {
                raws = [range.lowerBound, range.upperBound, 0, 1] + (0..<300).map { _ in
                    generator.nextUniform(range.lowerBound, range.upperBound).rounded(.down)
                }
            } else {
                raws = (0..<300).map { _ in Double(Float(generator.nextNormal(standardDeviation: 1e3))) }
            }
            for raw in raws {
                let physical = point.physical(fromRaw: raw)
                let back = try Self.roundTrip(physical, point)
                #expect(back.bitPattern == physical.bitPattern, "raw \(raw) scale \(scale) offset \(offset)")
            }
        }
    }

    @Test("float64 at unit scale carries any Double unchanged")
    func float64Exact() throws {
        var generator = SeededGenerator(seed: 12)
        for _ in 0..<1_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            for word in WordOrder.allCases {
                #expect(try Self.roundTrip(value, Self.point(.float64, word: word)).bitPattern == value.bitPattern)
            }
        }
    }

    @Test("decimal scales decode to the nearest Double of the decimal")
    func decimalScale() throws {
        let point = Self.point(.int16, scale: 0.1)
        #expect(point.physical(fromRaw: 13) == 1.3)
        #expect(point.physical(fromRaw: -7) == -0.7)
        #expect(Self.point(.uint32, scale: 0.001).physical(fromRaw: 12_250) == 12.25)
        #expect(try Self.roundTrip(1.3, point) == 1.3)
        // Off-grid values round to the nearest count.
        #expect(try Self.roundTrip(1.34, point) == 1.3)
        #expect(try Self.roundTrip(1.36, point) == 1.4)
    }

    @Test("values the encoding cannot hold are refused, never wrapped")
    func outOfRange() {
        func failure(_ value: Double, _ point: RegisterPoint) -> RegisterValueError? {
            if case .failure(let error) = point.raw(fromPhysical: value) { return error }
            return nil
        }
        let cases: [(Double, RegisterPoint)] = [
            (32_768, Self.point(.int16)), (-32_769, Self.point(.int16)), (327.68, Self.point(.int16, scale: 0.01)),
            (-1, Self.point(.uint16)), (65_536, Self.point(.uint16)),
            (2_147_483_648, Self.point(.int32)), (-2_147_483_649, Self.point(.int32)),
            (-1, Self.point(.uint32)), (4_294_967_296, Self.point(.uint32)),
            (1e39, Self.point(.float32)), (-1e39, Self.point(.float32)),
            (2, Self.point(.bool)), (-1, Self.point(.bool)),
        ]
        for (value, point) in cases {
            guard case .notRepresentable(let name, let refused, let encoding, _)? = failure(value, point) else {
                Issue.record("\(value) as \(point.layout.encoding) was not refused as unrepresentable")
                continue
            }
            #expect(name == "p" && refused == value && encoding == point.layout.encoding)
        }
        if case .notFinite(let name, let value)? = failure(.nan, Self.point(.float64)) {
            #expect(name == "p" && value.isNaN)
        } else {
            Issue.record("NaN was not refused as not finite")
        }
        #expect(failure(.infinity, Self.point(.float32)) == .notFinite(point: "p", value: .infinity))
        let bounded = Self.point(.float32, bounds: -5...5)
        guard case .outsideBounds(_, 5.5, let bounds, "A", _)? = failure(5.5, bounded) else {
            Issue.record("5.5 outside [-5, 5] was not refused")
            return
        }
        #expect(bounds == -5...5)
        #expect(failure(5, bounded) == nil)
        #expect(failure(32_767, Self.point(.int16)) == nil && failure(-32_768, Self.point(.int16)) == nil)
    }

    @Test("the error message names the point, the value and the range")
    func messages() {
        guard case .failure(let error) = Self.point(.int16).raw(fromPhysical: 40_000) else {
            Issue.record("not refused")
            return
        }
        #expect("\(error)".contains("p = 40000.0"))
        #expect("\(error)".contains("[-32768, 32767]"))
    }
}
