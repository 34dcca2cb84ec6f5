/// A constraint or condition `left <= right` / `left >= right`, compiled as "quantity relation limit".
///
/// The side that uses no names becomes the limit: `beam_loss <= 0.2` and `0.2 >= beam_loss` both constrain the
/// quantity `beam_loss` to at most 0.2. When both sides use names, the quantity is `left - right` and the limit
/// 0 (`bpm_1 <= bpm_2` becomes `bpm_1 - bpm_2 <= 0`).
public struct CompiledComparison: Sendable, Hashable {
    /// The comparison as written.
    public let text: String
    /// The constrained quantity.
    public let quantity: CompiledExpression
    /// The quantity's text, e.g. "beam_loss" or "bpm_1 - (bpm_2)"; a constraint's name.
    public let quantityText: String
    /// Whether the quantity must stay at most or at least at the limit.
    public let relation: Relation
    /// The limit (finite).
    public let limit: Double

    /// Parses and compiles `text` against `names`.
    ///
    /// - Throws: ``ExpressionError``: everything ``CompiledExpression`` refuses, a missing comparison, or more than one.
    public init(_ text: String, names: NameTable) throws(ExpressionError) {
        let comparison = try ExpressionParser.comparison(text)
        let resolver = Resolver(text: text, names: names)
        let left = try resolver.resolve(comparison.left)
        let right = try resolver.resolve(comparison.right)
        self.text = text
        if let limit = right.constant {
            quantity = CompiledExpression(text: resolver.source(comparison.left), resolved: left, valueCount: names.names.count)
            relation = comparison.relation
            self.limit = limit
        } else if let limit = left.constant {
            quantity = CompiledExpression(text: resolver.source(comparison.right), resolved: right, valueCount: names.names.count)
            relation = comparison.relation.flipped
            self.limit = limit
        } else {
            let difference = "\(resolver.source(comparison.left)) - (\(resolver.source(comparison.right)))"
            quantity = CompiledExpression(text: difference, resolved: .binary(.subtract, left, right),
                                          valueCount: names.names.count)
            relation = comparison.relation
            limit = 0
        }
        quantityText = quantity.text
    }

    /// Whether `value` of the quantity satisfies the comparison (NaN never does).
    public func isSatisfied(by value: Double) -> Bool {
        relation == .atMost ? value <= limit : value >= limit
    }

    /// Whether the comparison holds for `values` (the names' values in table order).
    public func holds(for values: UnsafeBufferPointer<Double>) -> Bool {
        isSatisfied(by: quantity.evaluate(values))
    }

    /// Whether the comparison holds for `values`.
    public func holds(for values: [Double]) -> Bool {
        isSatisfied(by: quantity.evaluate(values))
    }
}
