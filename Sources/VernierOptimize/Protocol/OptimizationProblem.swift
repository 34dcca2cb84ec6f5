import VernierCore

/// What an optimiser is created from: the parameter box, the constraints, the starting point and the names.
///
/// A description, not a plant: learners never import plants. The CLI builds one from any `SingleOptimizable`
/// with ``init(describing:initialPoint:)``; tests and benchmarks build one by hand.
///
/// Optimisers search the ``space`` in its physical units (each may scale it to the unit cube internally) and
/// every point they suggest lies inside it.
public struct OptimizationProblem: Sendable, Hashable, Codable {
    /// The box the parameters live in, physical units; bounds must be finite and `low < high`.
    public var space: Box
    /// One name per parameter, in order (e.g. corrector names); used in error messages and reports.
    public var parameterNames: [String]
    /// Name and unit of the objective to **minimise**, e.g. "trajectory RMS (mm)".
    public var objectiveName: String
    /// Constraints whose values every evaluation reports, in order.
    public var constraints: [Constraint]
    /// Where the machine is now (physical units), if known: Nelder–Mead and extremum seeking start here,
    /// Bayesian optimisation evaluates it first when told to.
    public var initialPoint: [Double]?
    /// A constraint one parameter drives monotonically, as the plant declares it in its metadata: what
    /// ``ContourSearch`` searches along; the other optimisers ignore it.
    public var levelSet: LevelSetStructure?

    /// A problem over `space`; names default to `x0, x1, …` and "objective".
    public init(
        space: Box,
        parameterNames: [String]? = nil,
        objectiveName: String = "objective",
        constraints: [Constraint] = [],
        initialPoint: [Double]? = nil,
        levelSet: LevelSetStructure? = nil
    ) {
        self.space = space
        self.parameterNames = parameterNames ?? (0..<space.count).map { "x\($0)" }
        self.objectiveName = objectiveName
        self.constraints = constraints
        self.initialPoint = initialPoint
        self.levelSet = levelSet
    }

    /// The problem a `SingleOptimizable` poses, starting at `initialPoint` (usually what
    /// `initialParameters(seed:)` returned, i.e. where the machine is).
    public init(describing problem: some SingleOptimizable, initialPoint: [Double]?) {
        self.init(
            space: problem.optimizationSpace,
            parameterNames: problem.parameterNames,
            objectiveName: problem.objectiveName,
            constraints: problem.constraints,
            initialPoint: initialPoint,
            levelSet: problem.metadata.levelSet)
    }

    /// Number of parameters.
    public var dimension: Int { space.count }

    /// Checks that an optimiser can work on this problem: a finite, non-degenerate box, one name per
    /// parameter, an initial point of the right length inside the box.
    ///
    /// - Throws: ``OptimizerError/invalidProblem(_:)`` listing every problem found.
    public func validate() throws(OptimizerError) {
        var problems = space.problems(allowInfinite: false)
        if problems.isEmpty {
            for index in 0..<space.count where !(space.high[index] > space.low[index]) {
                problems.append(
                    "parameter \(name(of: index)) has an empty range [\(space.low[index]), \(space.high[index])]; "
                        + "fix it in the plant's space or leave the parameter out")
            }
        }
        if parameterNames.count != space.count {
            problems.append("\(parameterNames.count) parameter names for \(space.count) parameters")
        }
        if let initialPoint {
            if initialPoint.count != space.count {
                problems.append("the initial point has \(initialPoint.count) elements, the space \(space.count)")
            } else if !space.contains(initialPoint) {
                let outside = (0..<space.count).filter {
                    !(initialPoint[$0] >= space.low[$0] && initialPoint[$0] <= space.high[$0])
                }
                problems.append(
                    "the initial point lies outside the space in "
                        + outside.map { "\(name(of: $0)) = \(initialPoint[$0])" }.joined(separator: ", "))
            }
        }
        for constraint in constraints where !(constraint.lowerBound <= constraint.upperBound) {
            problems.append("constraint \(constraint.name) has lower bound above upper bound")
        }
        guard problems.isEmpty else { throw .invalidProblem(problems) }
    }

    /// The name of parameter `index`, or `"parameter i"` when names are missing.
    public func name(of index: Int) -> String {
        index < parameterNames.count ? parameterNames[index] : "parameter \(index)"
    }
}
