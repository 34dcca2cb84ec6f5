/// A run of consecutive registers (or coils) of one table that one Modbus request reads or writes, and the
/// points stored in it.
///
/// A map's points are grouped into as few spans as possible: points of one table whose registers follow each
/// other without a gap share a span, up to the most one request may carry. Gaps are never bridged: a device
/// may refuse to read registers it does not have.
public struct RegisterSpan: Sendable, Hashable {
    /// The table the span is in.
    public var table: RegisterTable
    /// First address.
    public var address: Int
    /// Number of registers (or coils).
    public var count: Int
    /// The points in the span: their index in the list the plan was made from, and their first register's
    /// position in the span.
    public var members: [Member]

    /// One point of a span.
    public struct Member: Sendable, Hashable {
        /// Index into the list of points the plan was made from.
        public var pointIndex: Int
        /// Offset of the point's first register from the span's first address.
        public var offset: Int
    }

    /// Groups `points` into spans of at most `limit(table)` registers each.
    ///
    /// - Complexity: O(n log n) for n points.
    public static func plan(for points: [RegisterPoint], limit: (RegisterTable) -> Int) -> [RegisterSpan] {
        var spans: [RegisterSpan] = []
        for table in RegisterTable.allCases {
            let indices = points.indices.filter { points[$0].layout.table == table }
                .sorted { points[$0].layout.address < points[$1].layout.address }
            var current: RegisterSpan?
            for index in indices {
                let layout = points[index].layout
                if var span = current, span.address + span.count == layout.address,
                   span.count + layout.width <= limit(table) {
                    span.members.append(Member(pointIndex: index, offset: span.count))
                    span.count += layout.width
                    current = span
                } else {
                    if let span = current { spans.append(span) }
                    current = RegisterSpan(table: table, address: layout.address, count: layout.width,
                                           members: [Member(pointIndex: index, offset: 0)])
                }
            }
            if let span = current { spans.append(span) }
        }
        return spans
    }
}
