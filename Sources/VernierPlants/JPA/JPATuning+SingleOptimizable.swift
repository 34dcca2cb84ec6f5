import VernierCore

extension JPATuning {
    /// The optimisation box at the present target frequency (see ``optimizationSpace(context:)``).
    public var optimizationSpace: Box { targetSpace }

    /// The safe start at the present target frequency (see ``initialParameters(context:seed:)``).
    public mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        try initialParameters(context: targetFrequency, seed: seed)
    }

    /// Writes `parameters` (bias µA, pump dBm, detuning MHz) and measures at the present target.
    public mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        try evaluate(parameters, context: targetFrequency)
    }

    /// Writes `parameters` without measuring (no drift step: the clock is the measurement count).
    public mutating func applySettings(_ parameters: [Double]) throws {
        try validateSettings(parameters)
        write(bias: parameters[0], power: parameters[1], detuning: parameters[2])
    }

    public var canMeasureWithoutWriting: Bool { true }

    /// Measures at the present settings and target without writing.
    public mutating func measure() throws -> Evaluation {
        try measureEvaluation()
    }
}
