/// Finds the names closest to a mistyped one, for "did you mean" hints.
public enum NearMatch {
    /// Up to `limit` of `candidates` within a small edit distance of `text` (case-insensitive), closest first.
    public static func closest(to text: String, among candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(text.lowercased())
        let threshold = max(2, target.count / 3)
        let scored = candidates.map { candidate -> (String, Int) in
            let lowered = candidate.lowercased()
            let distance = editDistance(target, Array(lowered))
            // A candidate that contains the text (or the reverse) is close whatever its length.
            let contains = lowered.contains(text.lowercased()) || text.lowercased().contains(lowered)
            return (candidate, contains ? min(distance, 1) : distance)
        }
        return scored.filter { $0.1 <= threshold }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit)
            .map(\.0)
    }

    /// Levenshtein distance between two character sequences.
    ///
    /// - Complexity: O(`a.count` × `b.count`) time, O(`b.count`) memory.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
