/// Robust conjugate direction search (Huang, Corbett, Safranek & Wu 2013, doi:10.1016/j.nima.2013.05.046) as
/// straight-line code over an objective that may run out of values.
///
/// Powell's direction-set method in the unit cube, with the two changes that make it work on a noisy machine:
/// each line minimisation first **brackets** the minimum, counting a point as worse only when it is more than
/// 3σ above the best, then **fits a parabola** to evenly spaced points across the bracket and moves to the
/// fitted minimum, so one lucky reading cannot pull the search. Points outside the cube are never evaluated:
/// they read as NaN (as in Xopt).
///
/// ``RCDS`` runs this against the values recorded so far (``Oracle``); the search throws
/// ``ReplayOracle/NeedsValue`` at the first point with no recorded value, which is the next suggestion.
struct RCDSSearch {
    let options: RCDSOptions
    let dimension: Int

    /// The objective in the unit cube: NaN outside it (not evaluated, as in Xopt), else the next recorded value.
    struct Oracle {
        /// The search went on for this many out-of-cube points in a row without evaluating anything.
        struct Stuck: Error {}

        var recorded: ReplayOracle
        private var skippedInARow = 0

        init(values: [Double]) { recorded = ReplayOracle(values: values) }

        mutating func callAsFunction(_ point: [Double]) throws -> Double {
            if point.contains(where: { !($0 >= 0 && $0 <= 1) }) {
                skippedInARow += 1
                if skippedInARow > 10_000 { throw Stuck() }
                return .nan
            }
            skippedInARow = 0
            return try recorded(point)
        }
    }

    /// The search from `start` (unit cube): Huang's `powellmain`. Never returns normally; it ends by throwing.
    func run(from start: [Double], _ f: inout Oracle) throws -> Never {
        var x0 = start
        var f0 = try f(x0)
        var directions = (0..<dimension).map { axis in (0..<dimension).map { $0 == axis ? 1.0 : 0.0 } }
        var xm = x0, fm = f0
        while true {
            var largestDrop = 0.0, largestIndex = 0
            for index in 0..<dimension {
                let (x1, f1) = try lineMinimum(from: xm, value: fm, along: directions[index], &f)
                if fm - f1 > largestDrop {
                    largestDrop = fm - f1
                    largestIndex = index
                }
                (xm, fm) = (x1, f1)
            }
            // Powell's test on the extrapolated point 2·xm − x0: is the overall move worth a new direction?
            let xt = zip(xm, x0).map { 2 * $0 - $1 }
            let ft = try f(xt)
            let keepDirections = f0 <= ft
                || 2 * (f0 - 2 * fm + ft) * square((f0 - fm - largestDrop) / (ft - f0)) >= largestDrop
            if !keepDirections {
                let move = zip(xm, x0).map { $0 - $1 }
                let length = move.map { $0 * $0 }.reduce(0, +).squareRoot()
                let newDirection = length != 0 ? move.map { $0 / length } : move
                let overlap = directions.map { abs(dot($0, newDirection)) }.max() ?? 0
                if overlap < 0.9 {
                    directions.remove(at: largestIndex)
                    directions.append(newDirection)
                    (xm, fm) = try lineMinimum(from: xm, value: fm, along: newDirection, &f)
                }
            }
            (x0, f0) = (xm, fm)
        }
    }

    /// Huang's `getminalongdirparab`: bracket, then fit.
    func lineMinimum(from x0: [Double], value f0: Double, along direction: [Double], _ f: inout Oracle) throws
        -> ([Double], Double)
    {
        let bracket = try bracketMinimum(from: x0, value: f0, along: direction, &f)
        return try lineScan(from: bracket.best, value: bracket.bestValue, along: direction, low: bracket.low,
                            high: bracket.high, known: bracket.evaluated, &f)
    }

    /// What bracketing found: the best point, the bracket [low, high] around it (step units along the
    /// direction, relative to the best point) and every (step, value) evaluated, relative to it too.
    struct Bracket {
        var best: [Double]
        var bestValue: Double
        var low: Double
        var high: Double
        var evaluated: [(step: Double, value: Double)]
    }

    /// Huang's `bracketmin`: step forward, growing the step (×2.618 while below 0.1, then +0.1), until a value is
    /// more than 3σ above the best; then the same backwards unless the start is already clearly worse.
    func bracketMinimum(from x0: [Double], value start: Double, along direction: [Double], _ f: inout Oracle) throws
        -> Bracket
    {
        var f0 = start
        if f0.isNaN { f0 = try f(x0) }
        let threshold = 3 * options.noise
        var evaluated: [(step: Double, value: Double)] = [(0, f0)]
        var fm = f0, am = 0.0, xm = x0
        var step = options.step
        var lastStep: Double?
        /// Evaluates at `step`, keeping the best; returns whether to keep going.
        func probe(_ step: Double, _ f: inout Oracle) throws -> (goOn: Bool, isNaN: Bool) {
            let point = along(x0, direction, step)
            let value = try f(point)
            evaluated.append((step, value))
            if value < fm { (fm, am, xm) = (value, step, point) }
            if value.isNaN { return (false, true) }
            return (value < fm + threshold, false)
        }
        func grown(_ step: Double, forward: Bool) -> Double {
            abs(step) < 0.1 ? step * (1 + 1.618) : step + (forward ? 0.1 : -0.1)
        }
        // Forward.
        var outcome = try probe(step, &f)
        while outcome.goOn {
            lastStep = step
            step = grown(step, forward: true)
            outcome = try probe(step, &f)
        }
        if outcome.isNaN, let lastStep { step = lastStep }
        let forwardEnd = step
        if f0 > fm + threshold {
            return Bracket(best: xm, bestValue: fm, low: -am, high: forwardEnd - am,
                           evaluated: evaluated.map { ($0.step - am, $0.value) })
        }
        // Backward.
        step = -options.step
        outcome = try probe(step, &f)
        while outcome.goOn {
            lastStep = step
            step = grown(step, forward: false)
            outcome = try probe(step, &f)
        }
        if outcome.isNaN, let lastStep { step = lastStep }
        var (low, high) = (step, forwardEnd)
        if low > high { swap(&low, &high) }
        let shifted = evaluated.map { (step: $0.step - am, value: $0.value) }.sorted { $0.step < $1.step }
        return Bracket(best: xm, bestValue: fm, low: low - am, high: high - am, evaluated: shifted)
    }

    /// Huang's `linescan`: `lineScanPoints` evenly spaced steps across [low, high] (reusing bracketing points
    /// that fall on the grid), a least-squares parabola through the valid values, and its minimum on a grid of
    /// 100 steps between the first and last valid point. With fewer than 5 valid values, the best of them.
    func lineScan(
        from x0: [Double], value start: Double, along direction: [Double], low: Double, high: Double,
        known: [(step: Double, value: Double)], _ f: inout Oracle
    ) throws -> ([Double], Double) {
        var f0 = start
        if f0.isNaN { f0 = try f(x0) }
        guard low < high else { return (x0, f0) }
        let count = options.lineScanPoints
        let delta = (high - low) / Double(count - 1)
        var steps = linspace(low, high, count)
        var values = [Double](repeating: .nan, count: count)
        if options.reuseBracketPoints {
            for (step, value) in known where step >= low && step <= high {
                let slot = Int(((step - low) / delta).rounded())
                steps[slot] = step
                values[slot] = value
            }
        }
        for slot in 0..<count where values[slot].isNaN {
            values[slot] = try f(along(x0, direction, steps[slot]))
        }
        let valid = zip(steps, values).filter { !$0.1.isNaN }
        guard let first = valid.first, let last = valid.last else { return (x0, f0) }
        guard valid.count >= 5 else {
            let best = valid.indices.min { valid[$0].1 < valid[$1].1 || (valid[$0].1 == valid[$1].1 && $0 < $1) } ?? 0
            return (along(x0, direction, valid[best].0), valid[best].1)
        }
        let parabola = Self.fitParabola(valid.map(\.0), valid.map(\.1))
        let grid = linspace(first.0, last.0, 100)
        var bestStep = grid[0], bestValue = parabola(grid[0])
        for step in grid.dropFirst() {
            let value = parabola(step)
            if value < bestValue { (bestStep, bestValue) = (step, value) }
        }
        return (along(x0, direction, bestStep), bestValue)
    }

    /// The least-squares parabola through (a, y): solved on centred, scaled abscissae for conditioning.
    static func fitParabola(_ a: [Double], _ y: [Double]) -> (Double) -> Double {
        let n = Double(a.count)
        let centre = a.reduce(0, +) / n
        let scale = max(a.map { abs($0 - centre) }.max() ?? 1, .leastNormalMagnitude)
        let t = a.map { ($0 - centre) / scale }
        // Normal equations for y ≈ c0 + c1·t + c2·t².
        var s = [Double](repeating: 0, count: 5)
        var r = [Double](repeating: 0, count: 3)
        for (ti, yi) in zip(t, y) {
            var power = 1.0
            for k in 0..<5 {
                s[k] += power
                if k < 3 { r[k] += power * yi }
                power *= ti
            }
        }
        var m = [[s[0], s[1], s[2], r[0]], [s[1], s[2], s[3], r[1]], [s[2], s[3], s[4], r[2]]]
        // Gaussian elimination with partial pivoting (3 × 3).
        for column in 0..<3 {
            let pivot = (column..<3).max { abs(m[$0][column]) < abs(m[$1][column]) } ?? column
            m.swapAt(column, pivot)
            for row in (column + 1)..<3 where m[column][column] != 0 {
                let factor = m[row][column] / m[column][column]
                for k in column..<4 { m[row][k] -= factor * m[column][k] }
            }
        }
        var c = [0.0, 0.0, 0.0]
        for row in stride(from: 2, through: 0, by: -1) {
            var sum = m[row][3]
            for k in (row + 1)..<3 { sum -= m[row][k] * c[k] }
            c[row] = m[row][row] != 0 ? sum / m[row][row] : 0
        }
        return { step in
            let t = (step - centre) / scale
            return c[0] + c[1] * t + c[2] * t * t
        }
    }
}

private func along(_ x: [Double], _ direction: [Double], _ step: Double) -> [Double] {
    zip(x, direction).map { $0 + step * $1 }
}

private func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { $0 * $1 }.reduce(0, +)
}

private func square(_ x: Double) -> Double { x * x }

private func linspace(_ low: Double, _ high: Double, _ count: Int) -> [Double] {
    // numpy.linspace: low + i·step, with the last point exactly `high`.
    let step = (high - low) / Double(count - 1)
    return (0..<count).map { $0 == count - 1 ? high : low + Double($0) * step }
}
