/// A plant model that can compute its evaluation from readings of the machine — the hook that lets one model
/// run in simulation and behind real I/O (a Modbus register map) alike.
///
/// A simulated plant measures itself. On real hardware the instruments give readings (BPM positions, a gain
/// readout) and only the model knows how they make the objective (trajectory RMS), the constraint values and
/// the observables. An I/O backend writes the parameters, reads the readings named in ``readingNames``, and
/// calls ``evaluation(readings:parameters:)``; the simulation's `evaluate` should compute its result the same
/// way, so both backends agree bit for bit when the readings do.
public protocol MeasurementModel: SingleOptimizable {
    /// The readings the model needs, in the order ``evaluation(readings:parameters:)`` takes them, e.g. the
    /// BPM names ("BPM.430028" …) or "gain_db". Names match the observables `evaluate` reports.
    var readingNames: [String] { get }

    /// The evaluation when the machine, set to `parameters`, shows `readings`.
    ///
    /// - Parameters:
    ///   - readings: one value per ``readingNames`` entry, same order, in the units the names state.
    ///   - parameters: the settings in force (parameter order, physical units).
    func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation
}
