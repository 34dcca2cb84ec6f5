import Testing
import VernierMath
@testable import VernierModbus

/// Bit-exact encoding: every encoding × word order × byte order, against hand-computed IEEE 754 and two's
/// complement vectors and over random bit patterns.
@Suite("Register encoding")
struct RegisterLayoutTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var encoding: RegisterEncoding
        var wordOrder: WordOrder
        var byteOrder: ByteOrder
        var testDescription: String { "\(encoding.rawValue) \(wordOrder.rawValue)-word \(byteOrder.rawValue)-byte" }
        var layout: RegisterLayout {
            RegisterLayout(table: encoding == .bool ? .coil : .holding, address: 0, encoding: encoding,
                           wordOrder: wordOrder, byteOrder: byteOrder)
        }
    }

    static let allCases: [Case] = RegisterEncoding.allCases.flatMap { encoding in
        WordOrder.allCases.flatMap { word in ByteOrder.allCases.map { Case(encoding: encoding, wordOrder: word, byteOrder: $0) } }
    }

    static func store(_ bits: UInt64, _ layout: RegisterLayout) -> [UInt16] {
        var words = [UInt16](repeating: 0xDEAD, count: layout.width)
        words.withUnsafeMutableBufferPointer { layout.store(rawBits: bits, into: $0, at: 0) }
        return words
    }

    static func load(_ words: [UInt16], _ layout: RegisterLayout) -> UInt64 {
        words.withUnsafeBufferPointer { layout.loadRawBits(from: $0, at: 0) }
    }

    @Test("raw bits round-trip exactly", arguments: allCases)
    func rawBitsRoundTrip(_ testCase: Case) {
        let layout = testCase.layout
        let mask: UInt64 = layout.encoding == .bool ? 1 : (layout.width == 4 ? .max : (1 << (16 * UInt64(layout.width))) - 1)
        var generator = SeededGenerator(seed: 6)
        let edges: [UInt64] = [0, 1, mask, mask >> 1, (mask >> 1) + 1, 0x8000, 0x7FFF, 0x0001_0000 & mask]
        for bits in edges + (0..<2_000).map({ _ in generator.next() & mask }) {
            let words = Self.store(bits, layout)
            #expect(Self.load(words, layout) == bits, "bits \(String(bits, radix: 16)) → \(words)")
        }
    }

    @Test("raw values round-trip through their bits", arguments: allCases)
    func rawValueRoundTrip(_ testCase: Case) throws {
        let layout = testCase.layout
        var generator = SeededGenerator(seed: 7)
        var values: [Double]
        switch layout.encoding {
        case .bool: values = [0, 1]
        case .float32:
            values = [0, -0.0, 1, -1, Double(Float.leastNonzeroMagnitude), Double(Float.greatestFiniteMagnitude),
                      Double(-Float.greatestFiniteMagnitude), Double(Float.leastNormalMagnitude), 3.4028234663852886e38]
            values += (0..<500).map { _ in Double(Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))) }
                .filter(\.isFinite)
        case .float64:
            values = [0, -0.0, 1, -1, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .pi]
            values += (0..<500).map { _ in Double(bitPattern: generator.next()) }.filter(\.isFinite)
        default:
            let range = try #require(layout.encoding.integerRange)
            values = [range.lowerBound, range.upperBound, 0, 1, range.lowerBound + 1, range.upperBound - 1]
            values += (0..<500).map { _ in generator.nextUniform(range.lowerBound, range.upperBound).rounded(.down) }
        }
        for raw in values {
            let back = layout.raw(fromBits: Self.load(Self.store(layout.rawBits(of: raw), layout), layout))
            #expect(back.bitPattern == raw.bitPattern, "\(raw) came back as \(back)")
        }
    }

    /// IEEE 754: 1.0f = 0x3F800000, −123.456f = 0xC2F6E979; 1.0 = 0x3FF0000000000000.
    @Test("float words match IEEE 754 in every order")
    func floatVectors() {
        func words(_ value: Double, _ encoding: RegisterEncoding, _ word: WordOrder, _ byte: ByteOrder) -> [UInt16] {
            let layout = RegisterLayout(table: .holding, address: 0, encoding: encoding, wordOrder: word, byteOrder: byte)
            return Self.store(layout.rawBits(of: value), layout)
        }
        #expect(words(1, .float32, .big, .big) == [0x3F80, 0x0000])          // ABCD
        #expect(words(1, .float32, .little, .big) == [0x0000, 0x3F80])       // CDAB
        #expect(words(1, .float32, .big, .little) == [0x803F, 0x0000])       // BADC
        #expect(words(1, .float32, .little, .little) == [0x0000, 0x803F])    // DCBA
        #expect(words(-123.45600128173828, .float32, .big, .big) == [0xC2F6, 0xE979])
        #expect(words(-123.45600128173828, .float32, .little, .little) == [0x79E9, 0xF6C2])
        #expect(words(1, .float64, .big, .big) == [0x3FF0, 0, 0, 0])
        #expect(words(1, .float64, .little, .big) == [0, 0, 0, 0x3FF0])
        #expect(words(-2, .float64, .big, .little) == [0x00C0, 0, 0, 0])
    }

    @Test("integers are two's complement in the chosen orders")
    func integerVectors() {
        func words(_ value: Double, _ encoding: RegisterEncoding, _ word: WordOrder, _ byte: ByteOrder = .big) -> [UInt16] {
            let layout = RegisterLayout(table: .holding, address: 0, encoding: encoding, wordOrder: word, byteOrder: byte)
            return Self.store(layout.rawBits(of: value), layout)
        }
        #expect(words(-1, .int16, .big) == [0xFFFF])
        #expect(words(-32768, .int16, .big) == [0x8000])
        #expect(words(0x1234, .uint16, .big, .little) == [0x3412])
        #expect(words(0x1234_5678, .int32, .big) == [0x1234, 0x5678])
        #expect(words(0x1234_5678, .int32, .little) == [0x5678, 0x1234])
        #expect(words(-2, .int32, .big) == [0xFFFF, 0xFFFE])
        #expect(words(4_294_967_295, .uint32, .little, .little) == [0xFFFF, 0xFFFF])
        #expect(words(0x0102_0304, .uint32, .big, .little) == [0x0201, 0x0403])
    }
}
