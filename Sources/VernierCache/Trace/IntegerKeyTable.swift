/// An open-addressing hash table from 64-bit keys to dense indices: the reader's per-file lookup, about three
/// times faster than `Dictionary<UInt64, Int32>` here (Fibonacci hashing, linear probing, load ≤ ½; a
/// profile of the LRU replay spent a third of its time in `Dictionary.find`).
struct IntegerKeyTable {
    /// A key and its value side by side, so a probe touches one cache line; `value < 0` marks an empty slot.
    private struct Entry {
        var key: UInt64
        var value: Int32
    }

    private var entries: [Entry]
    private var shift: UInt64
    private(set) var count = 0

    init() {
        entries = Array(repeating: Entry(key: 0, value: -1), count: 1024)
        shift = 64 - 10
    }

    /// The value stored for `key`, or `make()` stored and returned on first sight.
    @inline(__always)
    mutating func value(for key: UInt64, orInsert make: () -> Int32) -> Int32 {
        let mask = entries.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let entry = entries[slot]
            if entry.value < 0 { break }
            if entry.key == key { return entry.value }
            slot = (slot + 1) & mask
        }
        let made = make()
        entries[slot] = Entry(key: key, value: made)
        count += 1
        if count * 2 > entries.count { grow() }
        return made
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(key: 0, value: -1), count: old.count * 2)
        shift -= 1
        let mask = entries.count - 1
        for entry in old where entry.value >= 0 {
            var slot = Int(truncatingIfNeeded: (entry.key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while entries[slot].value >= 0 { slot = (slot + 1) & mask }
            entries[slot] = entry
        }
    }
}
