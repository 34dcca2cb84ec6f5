import Foundation

/// The optimisers Vernier offers, by the names the command line uses (`--optimizer bo`).
public enum OptimizerKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// ``BayesianOptimizer``.
    case bayesian = "bo"
    /// ``NelderMead``.
    case nelderMead = "nelder-mead"
    /// ``ExtremumSeeking``.
    case extremumSeeking = "extremum-seeking"
    /// ``RandomSearch``.
    case random = "random"
    /// ``LatinHypercubeSearch``.
    case latinHypercube = "latin-hypercube"
    /// ``ContourSearch``: the least drive on a constraint's contour, for plants that declare a level set.
    case contour = "contour"
    /// ``NLoptOptimizer`` with ``NLoptMethod/bobyqa``.
    case bobyqa = "bobyqa"
    /// ``NLoptOptimizer`` with ``NLoptMethod/cobyla``.
    case cobyla = "cobyla"
    /// ``NLoptOptimizer`` with ``NLoptMethod/newuoa``.
    case newuoa = "newuoa"
    /// ``NLoptOptimizer`` with ``NLoptMethod/sbplx``.
    case sbplx = "sbplx"
    /// ``NLoptOptimizer`` with ``NLoptMethod/praxis``: Brent's PRAXIS, the Powell-family method.
    case praxis = "praxis"
    /// ``Powell``: Powell's method with bounded Brent line searches, as SciPy runs it.
    case powell = "powell"
    /// ``RCDS``.
    case rcds = "rcds"
    /// ``DerivativeFreeLeastSquares``: Gauss–Newton on a linear model of residual readings.
    case leastSquares = "dfols"
    /// ``BayesianThenLocal``.
    case bayesianThenBOBYQA = "bo-then-bobyqa"

    /// The NLopt method behind this kind, if it is one.
    public var nloptMethod: NLoptMethod? {
        switch self {
        case .bobyqa: .bobyqa
        case .cobyla: .cobyla
        case .newuoa: .newuoa
        case .sbplx: .sbplx
        case .praxis: .praxis
        default: nil
        }
    }

    /// One line (≤ 58 characters, so the guide fits 80 columns) on when to choose this optimiser.
    public var whenToChoose: String {
        switch self {
        case .bayesian: "global, sample-efficient; models constraints and noise"
        case .nelderMead: "simple local simplex; no model, no constraints"
        case .extremumSeeking: "tracking a drifting optimum with small dithers"
        case .random: "a baseline, or a first look at an unknown landscape"
        case .latinHypercube: "space-filling scan of the whole box"
        case .bobyqa: "local, model-based: the default for steering/matching"
        case .cobyla: "local like BOBYQA, and honours the problem's constraints"
        case .newuoa: "local quadratic models; try it when BOBYQA stalls"
        case .sbplx: "local subspace simplex; sturdier than Nelder–Mead"
        case .praxis: "Brent's refinement of Powell's method; noise-free"
        case .powell: "conjugate directions; fast with one dominant direction"
        case .rcds: "noisy machines: Powell with 3σ brackets and fits"
        case .leastSquares: "steering on readings (BPMs): n + 1 points, then GN"
        case .bayesianThenBOBYQA: "a few BO steps to find the basin, then BOBYQA"
        case .contour: "least drive on a declared level set (JPA: 20 dB)"
        }
    }

    /// One line per optimiser, name and when to choose it: the guide `vernier tune --help` prints.
    public static var choiceGuide: String {
        let width = allCases.map(\.rawValue.count).max() ?? 0
        return allCases.map { kind in
            "  " + kind.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + kind.whenToChoose
        }.joined(separator: "\n")
    }

    /// What optimisers of this kind honour, known before one is created.
    public var capabilities: OptimizerCapabilities {
        switch self {
        case .bayesian: BayesianOptimizer.capabilities
        case .nelderMead: NelderMead.capabilities
        case .extremumSeeking: ExtremumSeeking.capabilities
        case .random: RandomSearch.capabilities
        case .latinHypercube: LatinHypercubeSearch.capabilities
        case .contour: ContourSearch.capabilities
        case .bobyqa, .cobyla, .newuoa, .sbplx, .praxis: nloptMethod?.capabilities ?? NLoptMethod.bobyqa.capabilities
        case .powell: Powell.capabilities
        case .rcds: RCDS.capabilities
        case .leastSquares: DerivativeFreeLeastSquares.capabilities
        case .bayesianThenBOBYQA: BayesianThenLocal.capabilities
        }
    }

    /// Human-readable name.
    public var displayName: String {
        switch self {
        case .bayesian: BayesianOptimizer.displayName
        case .nelderMead: NelderMead.displayName
        case .extremumSeeking: ExtremumSeeking.displayName
        case .random: RandomSearch.displayName
        case .latinHypercube: LatinHypercubeSearch.displayName
        case .contour: ContourSearch.displayName
        case .bobyqa, .cobyla, .newuoa, .sbplx, .praxis: nloptMethod?.displayName ?? rawValue
        case .powell: Powell.displayName
        case .rcds: RCDS.displayName
        case .leastSquares: DerivativeFreeLeastSquares.displayName
        case .bayesianThenBOBYQA: BayesianThenLocal.displayName
        }
    }
}
