import VernierCore

extension AwakeSteering: MeasurementModel {
    /// The BPMs of the steered plane in beam order (`BPM.430039` …); each reading is the beam position in mm.
    public var readingNames: [String] { designResponse.monitorNames }

    /// The evaluation from the BPM readings (mm, one per ``readingNames`` entry): objective = their RMS (mm);
    /// observables = each reading by its BPM's name, `rms_mm`, and `beam_lost` — 1 when a BPM reads at or beyond
    /// the 10 mm aperture (a lost beam leaves the downstream BPMs at ±10 mm).
    ///
    /// The trajectory is all the objective depends on, so `parameters` are not used. The simulation's
    /// ``measure()`` calls this with its own readings; a Modbus backend with the readings it read.
    ///
    /// - Throws: ``PlantError/outOfRange(_:)`` when the number of readings is not the number of BPMs.
    public func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        guard readings.count == monitorCount else {
            throw PlantError.outOfRange("\(readings.count) BPM readings were given; the \(options.plane.rawValue) plane has \(monitorCount) BPMs")
        }
        var sumOfSquares = 0.0
        var lost = false
        var observables: [String: Double] = [:]
        observables.reserveCapacity(monitorCount + 2)
        for (name, reading) in zip(designResponse.monitorNames, readings) {
            sumOfSquares += reading * reading
            if abs(reading) >= Self.apertureMillimetres { lost = true }
            observables[name] = reading
        }
        let rms = (sumOfSquares / Double(readings.count)).squareRoot()
        observables["rms_mm"] = rms
        observables["beam_lost"] = lost ? 1 : 0
        return Evaluation(objective: rms, observables: observables)
    }
}
