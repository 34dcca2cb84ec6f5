extension NameTable {
    /// The indices of the names `text` lists: one name, or a range `first..last` (for observation and action
    /// entries of a device definition).
    ///
    /// - Throws: ``ExpressionError`` for malformed text, an unknown name, or a bad range.
    public func indices(listedIn text: String) throws(ExpressionError) -> [Int] {
        switch try ExpressionParser.nameOrRange(text) {
        case .range(let range):
            return try expand(range, in: text)
        case .expression(let node):
            guard case .name(let name) = node.kind else { return [] }
            guard let index = index(of: name) else {
                throw Resolver(text: text, names: self).unknownName(name, at: node.column)
            }
            return [index]
        }
    }
}
