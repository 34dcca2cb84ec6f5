/// A context value the plant does not accept.
public enum ContextError: Error, Equatable, CustomStringConvertible {
    case outOfRange(context: Double, range: ClosedRange<Double>, name: String)

    public var description: String {
        switch self {
        case .outOfRange(let context, let range, let name):
            return "context \(context) lies outside the plant's range of \(name), \(range.lowerBound)…\(range.upperBound)"
        }
    }
}
