/// Finds the known names closest to a mistyped one, for "did you mean" hints (this module depends on nothing,
/// so it carries its own small edit distance).
enum NearNames {
    /// Up to `limit` of `candidates` within a small edit distance of `text` (case-insensitive), closest first.
    static func closest(to text: String, among candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(text.lowercased())
        let threshold = max(1, target.count / 3)
        return candidates
            .map { ($0, editDistance(target, Array($0.lowercased()))) }
            .filter { $0.1 <= threshold }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit)
            .map(\.0)
    }

    /// Levenshtein distance.
    ///
    /// - Complexity: O(`a.count` × `b.count`) time, O(`b.count`) memory.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
