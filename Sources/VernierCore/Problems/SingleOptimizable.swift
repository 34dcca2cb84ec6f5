/// A problem a numerical optimiser can solve: choose the parameters that minimise one objective.
///
/// CERN COI's `SingleOptimizable`. Parameters are **points**, not steps: `evaluate` sets the machine to `x`
/// and measures. A host may send the initial parameters back to restore the machine.
///
/// Hosts never call `evaluate` on a machine directly: they go through a ``SafetyEnvelope``, which enforces hard
/// limits and step sizes and restores the machine when a run ends.
public protocol SingleOptimizable: Plant {
    /// The box the parameters live in, in physical units.
    var optimizationSpace: Box { get }
    /// One name per parameter, in order (e.g. corrector names).
    var parameterNames: [String] { get }
    /// Name and unit of the objective, e.g. "trajectory RMS (mm)".
    var objectiveName: String { get }
    /// The constraints the evaluations report values for, in order.
    var constraints: [Constraint] { get }

    /// The machine's starting point. A simulation may use `seed` to draw a new scenario (e.g. a new
    /// misalignment); `nil` keeps the current one.
    mutating func initialParameters(seed: UInt64?) throws -> [Double]

    /// Sets the machine to `parameters` and measures the objective, constraints and observables.
    mutating func evaluate(_ parameters: [Double]) throws -> Evaluation

    /// Writes `parameters` to the machine and lets it settle, measuring nothing.
    ///
    /// The safety envelope writes the intermediate points of a long move and the restoring move with it.
    /// The default evaluates and discards the measurement; hardware plants write only.
    mutating func applySettings(_ parameters: [Double]) throws

    /// Whether ``measure()`` can read the machine without writing (needed for a dry run).
    var canMeasureWithoutWriting: Bool { get }

    /// Measures at the present settings without writing anything. Plants that cannot throw
    /// ``SafetyError/dryRunUnavailable(_:)``.
    mutating func measure() throws -> Evaluation
}

extension SingleOptimizable {
    public var constraints: [Constraint] { [] }

    public mutating func applySettings(_ parameters: [Double]) throws {
        _ = try evaluate(parameters)
    }

    public var canMeasureWithoutWriting: Bool { false }

    public mutating func measure() throws -> Evaluation {
        throw SafetyError.dryRunUnavailable("\(metadata.machine) cannot be measured without writing its settings")
    }
}
