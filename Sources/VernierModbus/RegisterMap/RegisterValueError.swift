/// A physical value that cannot be written to (or was read from) a register point as it stands.
public enum RegisterValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// NaN or infinite.
    case notFinite(point: String, value: Double)
    /// Outside the point's physical bounds.
    case outsideBounds(point: String, value: Double, bounds: ClosedRange<Double>, unit: String, location: SourceLocation)
    /// After scale and offset the raw value does not fit the encoding (e.g. beyond int16's −32768...32767).
    case notRepresentable(point: String, value: Double, encoding: RegisterEncoding, raw: Double)

    public var description: String {
        switch self {
        case .notFinite(let point, let value):
            return "\(point) = \(value) is not a finite number; nothing was written"
        case .outsideBounds(let point, let value, let bounds, let unit, let location):
            let suffix = unit.isEmpty ? "" : " \(unit)"
            return "\(point) = \(value)\(suffix) lies outside its bounds [\(bounds.lowerBound), \(bounds.upperBound)]\(suffix) "
                + "in the register map (\(location)); nothing was written"
        case .notRepresentable(let point, let value, let encoding, let raw):
            let range = encoding.integerRange.map { "[\(Int64($0.lowerBound)), \(Int64($0.upperBound))]" } ?? "the finite \(encoding.rawValue) range"
            return "\(point) = \(value) needs raw value \(raw), outside \(encoding.rawValue)'s \(range); "
                + "nothing was written (use a wider encoding or a larger scale)"
        }
    }
}
