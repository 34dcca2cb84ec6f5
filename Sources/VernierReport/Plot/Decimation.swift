/// Thins a long series for display while keeping what the eye looks for: the first and last points and, in
/// each of equal-width index buckets, the lowest and highest value (min–max decimation, as oscilloscopes and
/// plotting libraries for long traces do). The kept indices are returned in order; `--json` keeps every point.
public enum Decimation {
    /// The indices of `values` to draw, at most about `limit` of them (≥ 4); every index when
    /// `values.count <= limit`. Non-finite values are kept (so gaps and infinities stay visible).
    ///
    /// - Complexity: O(n).
    public static func indices(of values: [Double], limit: Int) -> [Int] {
        let count = values.count
        let limit = max(limit, 4)
        guard count > limit else { return Array(0..<count) }
        let buckets = (limit - 2) / 2
        var kept = [0]
        kept.reserveCapacity(limit)
        let inner = count - 2
        for bucket in 0..<buckets {
            let from = 1 + bucket * inner / buckets
            let to = 1 + (bucket + 1) * inner / buckets
            guard from < to else { continue }
            var lowest = from, highest = from
            var odd: [Int] = []
            for index in from..<to {
                let value = values[index]
                if !value.isFinite { odd.append(index); continue }
                if !(values[lowest].isFinite) || value < values[lowest] { lowest = index }
                if !(values[highest].isFinite) || value > values[highest] { highest = index }
            }
            var chosen = Set([lowest, highest])
            // At most two non-finite points per bucket, so the limit holds roughly.
            for index in odd.prefix(2) { chosen.insert(index) }
            kept.append(contentsOf: chosen.sorted())
        }
        kept.append(count - 1)
        return kept
    }
}
