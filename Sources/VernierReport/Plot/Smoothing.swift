/// Smoothing for noisy learning curves.
public enum Smoothing {
    /// The centred moving average over `window` points (odd windows are centred; the window shrinks at the
    /// ends, so the result has one value per input value). Non-finite values are left out of the averages.
    ///
    /// - Complexity: O(n), by running sums.
    public static func movingAverage(_ values: [Double], window: Int) -> [Double] {
        let count = values.count
        guard count > 0, window > 1 else { return values }
        var prefix = [Double](repeating: 0, count: count + 1)
        var finite = [Int](repeating: 0, count: count + 1)
        for (index, value) in values.enumerated() {
            prefix[index + 1] = prefix[index] + (value.isFinite ? value : 0)
            finite[index + 1] = finite[index] + (value.isFinite ? 1 : 0)
        }
        let half = window / 2
        return (0..<count).map { index in
            let from = max(0, index - half), to = min(count, index + half + 1)
            let n = finite[to] - finite[from]
            return n == 0 ? .nan : (prefix[to] - prefix[from]) / Double(n)
        }
    }

    /// A window of about 2 % of `count` points, at least 1 and at most 501, odd.
    public static func defaultWindow(count: Int) -> Int {
        let window = max(1, min(501, count / 50))
        return window.isMultiple(of: 2) ? window + 1 : window
    }
}
