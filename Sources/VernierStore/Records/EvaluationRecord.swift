import Foundation
import VernierCore

/// One evaluation of a run as stored: the point sent to the plant and what came back.
///
/// Every `Double` reads back bit for bit as it was recorded — negative zero, subnormals, ±∞ and NaN included
/// (NaN without its payload bits). See ``RunStore`` for how each is stored.
public struct EvaluationRecord: Sendable, Hashable {
    /// The evaluation's place in its run, from 0 in the order of recording.
    public var index: Int
    /// The point evaluated, in the problem's parameter units (one value per parameter).
    public var parameters: [Double]
    /// The objective to minimise, in the problem's objective unit; may be non-finite.
    public var objective: Double
    /// One value per constraint of the problem, in order.
    public var constraints: [Double]
    /// Further measured quantities by name.
    public var observables: [String: Double]
    /// Wall-clock seconds the evaluation took (moving the machine, settling, measuring); ≥ 0.
    public var wallTime: Double
    /// Whether every constraint was satisfied (as the recorder judged under the problem's constraints).
    public var isFeasible: Bool
    /// When the evaluation was committed (to the millisecond, UTC).
    public var recordedAt: Date

    public init(
        index: Int, parameters: [Double], objective: Double, constraints: [Double], observables: [String: Double],
        wallTime: Double, isFeasible: Bool, recordedAt: Date
    ) {
        self.index = index
        self.parameters = parameters
        self.objective = objective
        self.constraints = constraints
        self.observables = observables
        self.wallTime = wallTime
        self.isFeasible = isFeasible
        self.recordedAt = recordedAt
    }

    /// The plant's answer, as the problem contract spells it.
    public var evaluation: Evaluation {
        Evaluation(objective: objective, constraints: constraints, observables: observables)
    }
}
