import CNLopt

/// The NLopt algorithms Vernier offers: Powell's model-based trust-region methods, Rowan's subplex and Brent's
/// principal-axis method, all derivative-free and local (NLopt 2.7, `NLOPT_LN_*`).
public enum NLoptMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// BOBYQA (Powell 2009): quadratic models from 2n + 1 interpolation points inside a trust region, with
    /// bound constraints. The default local method of CERN's COI optimisers.
    case bobyqa
    /// COBYLA (Powell 1994): linear models from n + 1 points; honours nonlinear inequality constraints.
    case cobyla
    /// NEWUOA (Powell 2004) with NLopt's bound-constrained subproblem (`NLOPT_LN_NEWUOA_BOUND`).
    case newuoa
    /// Sbplx (Rowan 1990's subplex): Nelder–Mead on a sequence of subspaces, more robust than NM in many
    /// dimensions.
    case sbplx
    /// PRAXIS (Brent 1972): Powell's conjugate-direction method with Brent's principal-axis refinements.
    case praxis

    /// NLopt's constant for the method.
    var algorithm: nlopt_algorithm {
        switch self {
        case .bobyqa: NLOPT_LN_BOBYQA
        case .cobyla: NLOPT_LN_COBYLA
        case .newuoa: NLOPT_LN_NEWUOA_BOUND
        case .sbplx: NLOPT_LN_SBPLX
        case .praxis: NLOPT_LN_PRAXIS
        }
    }

    /// Human-readable name, e.g. "BOBYQA (NLopt)".
    public var displayName: String {
        switch self {
        case .bobyqa: "BOBYQA (NLopt)"
        case .cobyla: "COBYLA (NLopt)"
        case .newuoa: "NEWUOA (NLopt)"
        case .sbplx: "Sbplx (NLopt)"
        case .praxis: "PRAXIS (NLopt)"
        }
    }

    /// What the method honours: only COBYLA models constraints; none is designed for noise; all are sequential.
    public var capabilities: OptimizerCapabilities {
        OptimizerCapabilities(handlesConstraints: self == .cobyla, handlesNoise: false, maximumBatchSize: 1)
    }

    /// The smallest dimension NLopt's implementation accepts (BOBYQA and NEWUOA interpolate with 2n + 1 ≥ n + 2
    /// points, which Powell's codes require to be at least 2 variables).
    var minimumDimension: Int {
        switch self {
        case .bobyqa, .newuoa: 2
        case .cobyla, .sbplx, .praxis: 1
        }
    }
}
