/// Dense indices for file identifiers, in order of first appearance: the one per-file structure a reader keeps.
struct ObjectTable {
    private var numeric = IntegerKeyTable()
    private var named: [String: Int32] = [:]
    private(set) var count = 0

    /// The index of numeric identifier `key`, assigning the next one on first sight.
    mutating func index(of key: UInt64) -> Int32 {
        let next = Int32(count)
        let found = numeric.value(for: key) { next }
        if found == next { count += 1 }
        return found
    }

    /// The index of textual identifier `key` (a logical file name), assigning the next one on first sight.
    mutating func index(of key: String) -> Int32 {
        if let found = named[key] { return found }
        let assigned = Int32(count)
        named[key] = assigned
        count += 1
        return assigned
    }
}
