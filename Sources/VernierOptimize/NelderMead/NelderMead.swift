import VernierCore

/// The Nelder–Mead simplex method (Nelder & Mead 1965) in ask/tell form, with Gao & Han's (2012) adaptive
/// coefficients for higher dimensions.
///
/// A state machine: each `suggest(1)` returns the one point the current step needs (a vertex of the initial
/// simplex, a reflection, expansion, contraction or a shrunk vertex), each `ingest` advances the step with its
/// value. It works in the unit cube of the problem's box; trial points are projected (clipped) onto the box.
/// Starts from the problem's initial point (the machine's current setting), or the box centre without one.
///
/// Local and sequential; does not honour constraints (refuses a constrained problem unless told to ignore
/// the constraints) and is misled by noise.
public struct NelderMead: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "Nelder–Mead"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: false, handlesNoise: false, maximumBatchSize: 1)

    public let problem: OptimizationProblem
    public let options: NelderMeadOptions
    public private(set) var progress = OptimizationProgress()

    /// Where the method is within one iteration.
    enum Phase: Sendable, Hashable, Codable {
        /// Evaluating vertex `index` of a new simplex.
        case building(index: Int)
        /// Awaiting the reflected point's value.
        case reflecting
        /// Awaiting the expanded point's value; the reflection is kept in case expansion fails.
        case expanding(reflected: [Double], reflectedValue: Double)
        /// Awaiting the outside contraction's value.
        case contractingOutside(reflectedValue: Double)
        /// Awaiting the inside contraction's value.
        case contractingInside
        /// Evaluating shrunk vertex `index` (1 … n).
        case shrinking(index: Int)
    }

    private let cube: UnitCube
    /// Vertices in unit-cube coordinates; the values of those already evaluated.
    private(set) var vertices: [[Double]] = []
    private(set) var values: [Double] = []
    private var phase: Phase = .building(index: 0)
    /// The point suggested and not yet ingested (unit cube).
    private var pending: [Double]?
    /// Number of completed iterations (reflection steps).
    public private(set) var iterations = 0

    /// A Nelder–Mead run on `problem`.
    ///
    /// - Parameter ignoreConstraints: optimise the objective alone on a constrained problem (the best point
    ///   reported is still the best *feasible* one).
    /// - Throws: ``OptimizerError`` for an unusable problem or options, or constraints without
    ///   `ignoreConstraints`.
    public init(
        problem: OptimizationProblem, options: NelderMeadOptions = NelderMeadOptions(),
        ignoreConstraints: Bool = false
    ) throws(OptimizerError) {
        try Self.admit(
            problem, name: Self.displayName, capabilities: Self.capabilities, ignoreConstraints: ignoreConstraints)
        let problems = options.problems()
        guard problems.isEmpty else { throw .invalidOptions(problems) }
        self.problem = problem
        self.options = options
        self.cube = UnitCube(problem.space)
        let start = problem.initialPoint.map { cube.toUnit($0) }
            ?? Array(repeating: 0.5, count: problem.dimension)
        vertices = Self.initialSimplex(around: start, step: options.initialStep)
    }

    /// `start` and one vertex per axis, `step` away along it (towards the inside when `start + step` would
    /// leave the cube).
    static func initialSimplex(around start: [Double], step: Double) -> [[Double]] {
        var simplex = [start]
        for axis in start.indices {
            var vertex = start
            vertex[axis] = start[axis] + step <= 1 ? start[axis] + step : start[axis] - step
            simplex.append(vertex)
        }
        return simplex
    }

    /// Reflection, expansion, contraction and shrink coefficients (ρ, χ, ψ, σ).
    var coefficients: (reflection: Double, expansion: Double, contraction: Double, shrink: Double) {
        let n = Double(problem.dimension)
        guard options.adaptive, problem.dimension >= 2 else { return (1, 2, 0.5, 0.5) }
        return (1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n)
    }

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        if pending == nil {
            if progress.convergence != nil, options.restartAfterConvergence, let best = vertices.first,
               let bestValue = values.first {
                // The best vertex keeps its value; only the n new vertices are evaluated.
                vertices = Self.initialSimplex(around: best, step: options.initialStep)
                values = [bestValue]
                phase = .building(index: 1)
                progress.convergence = nil
            }
            pending = nextTrialPoint()
        }
        return [cube.toPhysical(pending ?? vertices[0])]
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations {
            progress.record(point, constraints: problem.constraints)
            // Points the host evaluated on its own (nothing pending) only count for progress.
            guard pending != nil else { continue }
            pending = nil
            let unit = cube.toUnit(point.parameters).map { min(max($0, 0), 1) }
            // A failed measurement (NaN, ±∞) is the worst possible value, so the simplex moves away from it.
            let value = point.objective.isNaN ? Double.infinity : point.objective
            advance(with: unit, value: value)
        }
    }

    // MARK: - The state machine

    /// The point the current phase needs evaluated (unit cube).
    private func nextTrialPoint() -> [Double] {
        let (rho, chi, psi, sigma) = coefficients
        switch phase {
        case .building(let index):
            return vertices[index]
        case .reflecting:
            return combine(centroid(), 1 + rho, vertices[vertices.count - 1], -rho)
        case .expanding:
            return combine(centroid(), 1 + rho * chi, vertices[vertices.count - 1], -rho * chi)
        case .contractingOutside:
            return combine(centroid(), 1 + psi * rho, vertices[vertices.count - 1], -psi * rho)
        case .contractingInside:
            return combine(centroid(), 1 - psi, vertices[vertices.count - 1], psi)
        case .shrinking(let index):
            return combine(vertices[0], 1 - sigma, vertices[index], sigma)
        }
    }

    private mutating func advance(with point: [Double], value: Double) {
        let last = vertices.count - 1
        switch phase {
        case .building(let index):
            vertices[index] = point
            values.append(value)
            if index < last {
                phase = .building(index: index + 1)
            } else {
                finishIteration(countsAsIteration: false)
            }
        case .reflecting:
            if value < values[0] {
                phase = .expanding(reflected: point, reflectedValue: value)
            } else if value < values[last - 1] {
                replaceWorst(with: point, value: value)
            } else if value < values[last] {
                phase = .contractingOutside(reflectedValue: value)
            } else {
                phase = .contractingInside
            }
        case .expanding(let reflected, let reflectedValue):
            if value < reflectedValue {
                replaceWorst(with: point, value: value)
            } else {
                replaceWorst(with: reflected, value: reflectedValue)
            }
        case .contractingOutside(let reflectedValue):
            if value <= reflectedValue {
                replaceWorst(with: point, value: value)
            } else {
                phase = .shrinking(index: 1)
            }
        case .contractingInside:
            if value < values[last] {
                replaceWorst(with: point, value: value)
            } else {
                phase = .shrinking(index: 1)
            }
        case .shrinking(let index):
            vertices[index] = point
            values[index] = value
            if index < last {
                phase = .shrinking(index: index + 1)
            } else {
                finishIteration(countsAsIteration: true)
            }
        }
    }

    private mutating func replaceWorst(with point: [Double], value: Double) {
        vertices[vertices.count - 1] = point
        values[values.count - 1] = value
        finishIteration(countsAsIteration: true)
    }

    /// Orders the simplex best first (stable, so ties keep their age order as in SciPy), checks convergence,
    /// and starts the next reflection.
    private mutating func finishIteration(countsAsIteration: Bool) {
        if countsAsIteration { iterations += 1 }
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        vertices = order.map { vertices[$0] }
        values = order.map { values[$0] }
        phase = .reflecting
        if let text = convergenceText() { progress.convergence = text }
    }

    private func convergenceText() -> String? {
        var size = 0.0
        var spread = 0.0
        for index in 1..<vertices.count {
            for axis in vertices[index].indices {
                size = max(size, abs(vertices[index][axis] - vertices[0][axis]))
            }
            spread = max(spread, abs(values[index] - values[0]))
        }
        guard size <= options.xTolerance, spread <= options.fTolerance else { return nil }
        return "simplex within \(options.xTolerance) of each range and \(options.fTolerance) in objective"
    }

    private func centroid() -> [Double] {
        let n = vertices.count - 1
        var sum = Array(repeating: 0.0, count: problem.dimension)
        for index in 0..<n {
            for axis in sum.indices { sum[axis] += vertices[index][axis] }
        }
        return sum.map { $0 / Double(n) }
    }

    /// `a·p + b·q`, projected onto the unit cube.
    private func combine(_ p: [Double], _ a: Double, _ q: [Double], _ b: Double) -> [Double] {
        p.indices.map { min(max(a * p[$0] + b * q[$0], 0), 1) }
    }
}
