/// One named physical quantity stored in a device's registers: where it lives (``RegisterLayout``), and how the
/// raw register value maps to physical units.
///
///     physical = raw × scale + offset
///
/// Conversions are exact where exactness is possible: bit patterns never change between the device and Swift,
/// and when `1 / scale` is an integer N (scale 0.1, 0.01, 0.001…) the physical value is computed as
/// `raw / N + offset`, so a raw 13 at scale 0.1 reads as the `Double` nearest 1.3, not 1.3000000000000003.
/// Encoding rounds to the nearest raw value the encoding holds (integers to the nearest count, floats to the
/// nearest float32) and refuses — never wraps or saturates — what the encoding cannot hold. A value inside the
/// bounds is never stored outside them: where the nearest raw value of a bound the encoding cannot hold exactly
/// (1e-3 in float32) lies beyond it, the next raw value inside is taken.
public struct RegisterPoint: Sendable, Hashable {
    /// The name the plant knows the value by (a parameter or observable name).
    public var name: String
    /// The physical unit, for display ("A", "mm", "dBm"); empty when unitless.
    public var unit: String
    /// Where and how the raw value is stored.
    public var layout: RegisterLayout
    /// Physical units per raw count (finite, non-zero); negative flips the sign.
    public var scale: Double
    /// Physical value at raw 0 (finite).
    public var offset: Double
    /// The physical values the point may take (parameters: what may be written; readings: the plausible
    /// range, outside which a reading is reported as faulty). `nil` for a reading with no stated range.
    public var bounds: ClosedRange<Double>?
    /// Where the entry is in its map file.
    public var location: SourceLocation

    /// `1 / scale` when that is an integer (see the type's notes), else nil.
    private let divisor: Double?

    public init(name: String, unit: String = "", layout: RegisterLayout, scale: Double = 1, offset: Double = 0,
                bounds: ClosedRange<Double>? = nil, location: SourceLocation = SourceLocation(line: 0, column: 0)) {
        self.name = name
        self.unit = unit
        self.layout = layout
        self.scale = scale
        self.offset = offset
        self.bounds = bounds
        self.location = location
        let inverse = (1 / scale).rounded()
        divisor = scale != 1 && scale.isFinite && inverse.magnitude >= 2 && inverse.magnitude < 1e15
            && 1 / inverse == scale ? inverse : nil
    }

    /// The physical value of raw value `raw`.
    @inline(__always)
    public func physical(fromRaw raw: Double) -> Double {
        if let divisor { return raw / divisor + offset }
        return raw * scale + offset
    }

    /// The raw value (rounded to what the encoding holds) that stores `physical`, or why it cannot be stored.
    ///
    /// Checks, in order: finite; inside ``bounds`` when `checkBounds`; representable after scaling (integer
    /// range, or a finite float32).
    @inline(__always)
    public func raw(fromPhysical physical: Double, checkBounds: Bool = true) -> Result<Double, RegisterValueError> {
        guard physical.isFinite else { return .failure(.notFinite(point: name, value: physical)) }
        if checkBounds, let bounds, !bounds.contains(physical) {
            return .failure(.outsideBounds(point: name, value: physical, bounds: bounds, unit: unit, location: location))
        }
        let exact = divisor.map { (physical - offset) * $0 } ?? (physical - offset) / scale
        switch layout.encoding {
        case .float32:
            var single = Float(exact)
            guard single.isFinite else {
                return .failure(.notRepresentable(point: name, value: physical, encoding: layout.encoding, raw: exact))
            }
            if checkBounds, let bounds {
                let stored = self.physical(fromRaw: Double(single))
                if stored > bounds.upperBound { single = scale > 0 ? single.nextDown : single.nextUp }
                if stored < bounds.lowerBound { single = scale > 0 ? single.nextUp : single.nextDown }
            }
            return .success(Double(single))
        case .float64:
            guard exact.isFinite else {
                return .failure(.notRepresentable(point: name, value: physical, encoding: layout.encoding, raw: exact))
            }
            return .success(exact)
        default:
            var rounded = exact.rounded(.toNearestOrAwayFromZero)
            if checkBounds, let bounds {
                let stored = self.physical(fromRaw: rounded)
                if stored > bounds.upperBound { rounded += scale > 0 ? -1 : 1 }
                if stored < bounds.lowerBound { rounded += scale > 0 ? 1 : -1 }
            }
            guard let range = layout.encoding.integerRange, range.contains(rounded) else {
                return .failure(.notRepresentable(point: name, value: physical, encoding: layout.encoding, raw: rounded))
            }
            return .success(rounded)
        }
    }

    /// Encodes `physical` into `words[index ..< index + width]`.
    @inline(__always)
    public func encode(
        _ physical: Double, into words: UnsafeMutableBufferPointer<UInt16>, at index: Int, checkBounds: Bool = true
    ) throws(RegisterValueError) {
        let raw = try raw(fromPhysical: physical, checkBounds: checkBounds).get()
        layout.store(rawBits: layout.rawBits(of: raw), into: words, at: index)
    }

    /// Decodes the physical value from `words[index ..< index + width]`.
    @inline(__always)
    public func decode(from words: UnsafeBufferPointer<UInt16>, at index: Int) -> Double {
        physical(fromRaw: layout.raw(fromBits: layout.loadRawBits(from: words, at: index)))
    }

    /// `physical` as the device will hold it: encoded and decoded again (the quantised value), or the error.
    public func quantized(_ value: Double, checkBounds: Bool = true) -> Result<Double, RegisterValueError> {
        raw(fromPhysical: value, checkBounds: checkBounds).map { raw in
            physical(fromRaw: layout.raw(fromBits: layout.rawBits(of: raw)))
        }
    }

    /// The spacing of the physical values the encoding can hold near `physical` (physical units): one count ×
    /// |scale| for integers and bits, one float32 or float64 ulp of the raw value × |scale| for floats.
    public func resolution(near physical: Double) -> Double {
        let raw = (physical - offset) / scale
        switch layout.encoding {
        case .float32: return Double(Float(raw).ulp) * abs(scale)
        case .float64: return raw.ulp * abs(scale)
        default: return abs(scale)
        }
    }

    /// "x_1 (holding registers 0...1, float32)".
    public var summary: String {
        "\(name) (\(layout.registerDescription), \(layout.encoding.rawValue))"
    }
}
