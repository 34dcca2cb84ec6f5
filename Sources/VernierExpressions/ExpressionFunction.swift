import Foundation

/// The functions an expression can call.
///
/// The aggregates (`rms`, `mean`, `max`, `min`, `sum`) take one or more arguments, and ranges expand into
/// several; the others take exactly one. A NaN argument makes every function NaN, so a failed reading can never
/// look like a good objective.
public enum ExpressionFunction: String, Sendable, Hashable, CaseIterable {
    /// Root mean square, √(Σ xᵢ² / n).
    case rms
    /// Arithmetic mean, Σ xᵢ / n.
    case mean
    /// Largest argument.
    case max
    /// Smallest argument.
    case min
    /// Σ xᵢ.
    case sum
    /// |x|.
    case abs
    /// √x (NaN below 0).
    case sqrt
    /// Base-10 logarithm (−∞ at 0, NaN below).
    case log10

    /// Whether the function takes one or more arguments (ranges allowed) rather than exactly one.
    public var isAggregate: Bool {
        switch self {
        case .rms, .mean, .max, .min, .sum: true
        case .abs, .sqrt, .log10: false
        }
    }

    /// One line for documentation and error messages, e.g. "rms(x, …): √(Σ x² / n)".
    public var summary: String {
        switch self {
        case .rms: "rms(x, …): root mean square √(Σ x² / n)"
        case .mean: "mean(x, …): Σ x / n"
        case .max: "max(x, …): largest"
        case .min: "min(x, …): smallest"
        case .sum: "sum(x, …): Σ x"
        case .abs: "abs(x): |x|"
        case .sqrt: "sqrt(x): √x"
        case .log10: "log10(x): base-10 logarithm"
        }
    }

    /// The list shown when a function is unknown: "rms, mean, max, min, sum (one or more arguments, ranges
    /// allowed); abs, sqrt, log10 (one argument)".
    static var listing: String {
        let aggregates = allCases.filter(\.isAggregate).map(\.rawValue).joined(separator: ", ")
        let unary = allCases.filter { !$0.isAggregate }.map(\.rawValue).joined(separator: ", ")
        return "\(aggregates) (one or more arguments, ranges allowed); \(unary) (one argument)"
    }

    /// The function of one argument.
    @inline(__always)
    func apply(_ x: Double) -> Double {
        switch self {
        case .abs: Swift.abs(x)
        case .sqrt: x.squareRoot()
        case .log10: Foundation.log10(x)
        case .rms, .mean, .max, .min, .sum: reduce(CollectionOfOne(x))
        }
    }

    /// The aggregate of `values` (one or more).
    @inline(__always)
    func reduce<Values: Collection<Double>>(_ values: Values) -> Double {
        switch self {
        case .sum:
            var total = 0.0
            for value in values { total += value }
            return total
        case .mean:
            var total = 0.0
            for value in values { total += value }
            return total / Double(values.count)
        case .rms:
            var total = 0.0
            for value in values { total += value * value }
            return (total / Double(values.count)).squareRoot()
        case .max:
            var result = -Double.infinity
            for value in values where value.isNaN || value > result {
                if value.isNaN { return .nan }
                result = value
            }
            return result
        case .min:
            var result = Double.infinity
            for value in values where value.isNaN || value < result {
                if value.isNaN { return .nan }
                result = value
            }
            return result
        case .abs, .sqrt, .log10:
            var only = Double.nan
            for value in values { only = apply(value) }
            return only
        }
    }
}
