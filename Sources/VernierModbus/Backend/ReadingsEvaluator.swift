import VernierCore

/// How a Modbus-backed plant turns readings into an ``Evaluation`` when its model cannot (see
/// ``MeasurementModel``): a caller-supplied function of named readings.
public struct ReadingsEvaluator: Sendable {
    /// The readings the function needs, in the order it takes them.
    public var readingNames: [String]
    /// The evaluation from `readings` (one per ``readingNames``) with the machine at `parameters`.
    public var evaluate: @Sendable (_ readings: [Double], _ parameters: [Double]) throws -> Evaluation

    public init(readingNames: [String],
                evaluate: @escaping @Sendable (_ readings: [Double], _ parameters: [Double]) throws -> Evaluation) {
        self.readingNames = readingNames
        self.evaluate = evaluate
    }

    /// The objective read from a register named `objective`, constraint values from registers named after the
    /// constraints; the generic choice for a device that computes its own figure of merit.
    public static func fromRegisters(objective: String = "objective", constraints: [String]) -> ReadingsEvaluator {
        ReadingsEvaluator(readingNames: [objective] + constraints) { readings, _ in
            Evaluation(objective: readings[0], constraints: Array(readings.dropFirst()))
        }
    }
}
