import VernierMath

/// A derivative-free Gauss–Newton trust-region method for min Σ rᵢ(x)², written as straight-line code over a
/// ``ResidualOracle`` (the approach of DFO-LS, Cartis & Roberts 2019: a linear model of the residual *vector*,
/// not a quadratic model of the sum, so a model costs n + 1 evaluations rather than 2n + 1 or more).
///
/// Works in coordinates where each parameter's ρ_beg is 1 and the start is 0. The model r(x) ≈ r_k + J (x − x_k)
/// is built by one-sided differences of step ρ around the best point (n evaluations) and kept up to date after
/// every step by Broyden's rank-one secant update, which leaves an exact model of linear residuals unchanged.
/// Each iteration takes the exact minimiser of the model's ‖r_k + J s‖² over the trust region (∞-norm, radius Δ)
/// intersected with the box (``BoundedLeastSquares``); the trust radius follows the ratio of actual to predicted
/// decrease (halve below 0.1, keep up to 0.7, else max(2Δ, 4‖s‖)), never below ρ. When the model predicts no
/// decrease, or a fresh model's step fails where the trust region has shrunk to ρ, ρ shrinks tenfold and the
/// model is rebuilt at the new ρ; an updated model that fails there is rebuilt at the same ρ first. Below ρ_end
/// it has converged. On linear residuals with the optimum within the first trust region the first model step lands on
/// the exact optimum: evaluation n + 2. With noisy readings (``regression``) the model is instead refitted to all
/// the run's readings before every step, and the trust-region test compares fitted values.
struct LeastSquaresSearch {
    /// The box in the search's coordinates.
    let lower: [Double]
    let upper: [Double]
    /// ρ_end in the search's coordinates (≤ 1).
    let finalResolution: Double
    /// Whether the readings are noisy: the model is then the least-squares fit of a linear model (intercept and
    /// Jacobian) to every reading of the run so far, and steps are judged on the fit, not on single readings.
    let regression: Bool

    /// Thrown when the search has converged at `point` (search coordinates).
    struct Converged: Error {
        var point: [Double]
    }

    /// A measured point and its sum of squares (+∞ for a failed measurement).
    private struct Sample {
        var point: [Double]
        var residuals: [Double]?
        var value: Double

        init(_ answer: ResidualOracle.Answer) {
            point = answer.point
            residuals = answer.residuals
            value = answer.residuals.map { $0.reduce(0) { $0 + $1 * $1 } } ?? .infinity
            if value.isNaN { value = .infinity }
        }
    }

    private var dimension: Int { lower.count }

    /// One run from `start`; ends by throwing (``ReplayOracle/NeedsValue`` or ``Converged``).
    func run(from start: [Double], _ oracle: inout ResidualOracle) throws -> Never {
        let runStart = oracle.used
        var base = Sample(try oracle(start))
        guard let count = base.residuals?.count, count > 0 else { throw Converged(point: base.point) }
        var resolution = 1.0
        var radius = 1.0
        let largestRadius = zip(upper, lower).map { $0 - $1 }.max() ?? 1
        var jacobian = try differences(around: &base, step: resolution, residualCount: count, &oracle)
        var updatesSinceDifferences = 0
        while true {
            var baseResiduals = base.residuals ?? []
            var baseValue = base.value
            if regression, let fit = Self.fit(oracle.answers[runStart..<oracle.used], around: base.point, count: count) {
                jacobian = fit.jacobian
                baseResiduals = fit.intercept
                baseValue = fit.intercept.reduce(0) { $0 + $1 * $1 }
            }
            let stepLower = (0..<dimension).map { max(lower[$0] - base.point[$0], -radius) }
            let stepUpper = (0..<dimension).map { min(upper[$0] - base.point[$0], radius) }
            let step = BoundedLeastSquares.solve(
                jacobian: jacobian, residuals: baseResiduals, lower: stepLower, upper: stepUpper)
            let modelled = zip(jacobian * step, baseResiduals).map { $0 + $1 }
            let predicted = baseValue - modelled.reduce(0) { $0 + $1 * $1 }
            let length = step.map(abs).max() ?? 0
            if length == 0 || !(predicted > 1e-14 * baseValue) {
                // Nothing worth trying at this resolution: look closer.
                guard resolution > finalResolution else { throw Converged(point: base.point) }
                resolution = max(resolution / 10, finalResolution)
                radius = max(radius / 2, resolution)
                jacobian = try differences(around: &base, step: resolution, residualCount: count, &oracle)
                updatesSinceDifferences = 0
                continue
            }
            let trial = Sample(try oracle(zip(base.point, step).map { $0 + $1 }))
            let modelWasFresh = updatesSinceDifferences == 0
            if let trialResiduals = trial.residuals, trialResiduals.count == count {
                broydenUpdate(&jacobian, from: base, to: trial.point, residuals: trialResiduals)
                updatesSinceDifferences += 1
            }
            var ratio = (base.value - trial.value) / predicted
            var improved = trial.value < base.value
            if regression, let fit = Self.fit(oracle.answers[runStart..<oracle.used], around: base.point, count: count) {
                let move = zip(trial.point, base.point).map { $0 - $1 }
                let atBase = fit.intercept.reduce(0) { $0 + $1 * $1 }
                let atTrial = zip(fit.jacobian * move, fit.intercept).reduce(0) { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) }
                ratio = (atBase - atTrial) / predicted
                improved = atTrial < atBase
            }
            if ratio < 0.1 {
                radius = min(radius / 2, length)
            } else if ratio <= 0.7 {
                radius = max(radius / 2, length)
            } else {
                radius = min(max(2 * radius, 4 * length), largestRadius)
            }
            if improved { base = trial }
            if radius < resolution {
                radius = resolution
                guard ratio < 0.1 else { continue }
                if modelWasFresh {
                    // A fresh model failed at this resolution: it is as good as it gets here.
                    guard resolution > finalResolution else { throw Converged(point: base.point) }
                    resolution = max(resolution / 10, finalResolution)
                    radius = resolution
                }
                // Otherwise the updated model may have drifted: measure it afresh.
                jacobian = try differences(around: &base, step: resolution, residualCount: count, &oracle)
                updatesSinceDifferences = 0
            }
        }
    }

    /// The Jacobian by one-sided differences of `step` around `base` (towards the side the box allows), and
    /// `base` moved to the best point measured; a failed measurement gives its column zeros.
    private func differences(
        around base: inout Sample, step: Double, residualCount: Int, _ oracle: inout ResidualOracle
    ) throws -> Matrix {
        var jacobian = Matrix(rows: residualCount, columns: dimension)
        let centre = base
        for column in 0..<dimension {
            var offset = step
            if centre.point[column] + step > upper[column] {
                offset = centre.point[column] - step >= lower[column]
                    ? -step
                    : (upper[column] - centre.point[column] >= centre.point[column] - lower[column]
                        ? upper[column] - centre.point[column] : lower[column] - centre.point[column])
            }
            var point = centre.point
            point[column] += offset
            let sample = Sample(try oracle(point))
            let moved = sample.point[column] - centre.point[column]
            if let residuals = sample.residuals, residuals.count == residualCount,
               let centreResiduals = centre.residuals, moved != 0
            {
                for row in 0..<residualCount {
                    jacobian[row, column] = (residuals[row] - centreResiduals[row]) / moved
                }
            }
            if sample.value < base.value { base = sample }
        }
        return jacobian
    }

    /// The least-squares fit r(x) ≈ intercept + J (x − centre) to `answers` (nil with fewer successful readings than
    /// n + 1, or a singular design).
    private static func fit(
        _ answers: ArraySlice<ResidualOracle.Answer>, around centre: [Double], count: Int
    ) -> (intercept: [Double], jacobian: Matrix)? {
        let usable = answers.filter { $0.residuals?.count == count }
        let n = centre.count
        guard usable.count > n else { return nil }
        var design = Matrix(rows: usable.count, columns: n + 1)
        var readings = Matrix(rows: usable.count, columns: count)
        for (row, answer) in usable.enumerated() {
            design[row, 0] = 1
            for column in 0..<n { design[row, column + 1] = answer.point[column] - centre[column] }
            for column in 0..<count { readings[row, column] = answer.residuals?[column] ?? 0 }
        }
        let transposed = design.transposed()
        var gram = transposed * design
        let largest = (0...n).map { gram[$0, $0] }.max() ?? 0
        for index in 0...n { gram[index, index] += largest * 1e-12 }
        guard let factor = try? Cholesky(gram) else { return nil }
        var coefficients = transposed * readings   // (n + 1) × count
        factor.solve(&coefficients)
        var jacobian = Matrix(rows: count, columns: n)
        var intercept = [Double](repeating: 0, count: count)
        for residual in 0..<count {
            intercept[residual] = coefficients[0, residual]
            for column in 0..<n { jacobian[residual, column] = coefficients[column + 1, residual] }
        }
        return (intercept, jacobian)
    }

    /// Broyden's secant update: the smallest change to J (Frobenius norm) that makes the model reproduce
    /// the residuals measured at `point` from `base`.
    private func broydenUpdate(_ jacobian: inout Matrix, from base: Sample, to point: [Double], residuals: [Double]) {
        guard let baseResiduals = base.residuals else { return }
        let move = zip(point, base.point).map { $0 - $1 }
        let squaredLength = move.reduce(0) { $0 + $1 * $1 }
        guard squaredLength > 0 else { return }
        let predicted = jacobian * move
        for row in 0..<jacobian.rows {
            let miss = (residuals[row] - baseResiduals[row] - predicted[row]) / squaredLength
            guard miss != 0, miss.isFinite else { continue }
            for column in 0..<jacobian.columns { jacobian[row, column] += miss * move[column] }
        }
    }
}
