/// Why the safety envelope refused to write, or could not start.
public enum SafetyError: Error, Equatable, CustomStringConvertible {
    /// The limits themselves are unusable (wrong length, unordered, non-positive step).
    case invalidLimits([String])
    /// A proposal had the wrong number of elements.
    case wrongDimension(expected: Int, got: Int)
    /// A proposal element was NaN or infinite.
    case notFinite(parameter: String, value: Double)
    /// A proposal element lay outside the hard limits and the policy is to refuse.
    case outsideHardLimits(parameter: String, value: Double, low: Double, high: Double)
    /// The machine's starting point already lies outside the hard limits.
    case startOutsideHardLimits(parameter: String, value: Double, low: Double, high: Double)
    /// A dry run needs a read-only measurement the plant cannot make.
    case dryRunUnavailable(String)

    public var description: String {
        switch self {
        case .invalidLimits(let problems):
            return "the safety limits are unusable: \(problems.joined(separator: "; "))"
        case .wrongDimension(let expected, let got):
            return "a proposed point has \(got) parameters, the machine \(expected); nothing was written"
        case .notFinite(let name, let value):
            return "proposed \(name) = \(value) is not a finite number; nothing was written"
        case .outsideHardLimits(let name, let value, let low, let high):
            return "proposed \(name) = \(value) lies outside the hard limits [\(low), \(high)]; nothing was written "
                + "(widen the limits, or set out_of_bounds: clip)"
        case .startOutsideHardLimits(let name, let value, let low, let high):
            return "the machine starts at \(name) = \(value), outside the hard limits [\(low), \(high)]; "
                + "bring it inside by hand or widen the limits before tuning"
        case .dryRunUnavailable(let reason):
            return "dry run unavailable: \(reason)"
        }
    }
}
