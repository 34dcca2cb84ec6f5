/// One target frequency of a scan: the operating point found, what it gives, and what it cost — one row of
/// `--csv` and one element of `--json`'s `steps` (absent values omitted).
struct ScanStep: Codable, Hashable, Sendable {
    /// 0-based position in the scan.
    var index: Int
    /// The target frequency (GHz).
    var targetGhz: Double
    /// The operating point left on the machine: flux bias (µA), pump power (dBm), pump detuning (MHz); absent
    /// when no feasible point was found at this step.
    var fluxBiasUa: Double?
    var pumpPowerDbm: Double?
    var pumpDetuningMhz: Double?
    /// The gain (dB) and system noise temperature (K) measured at the operating point.
    var gainDb: Double?
    var noiseTemperatureK: Double?
    /// The least pump power reaching the target gain at this target (dBm), as the plant model computes it, and
    /// the operating point's pump power above it (dB).
    var minimumPumpPowerDbm: Double?
    var excessPumpDb: Double?
    /// Measurements made at this step (gain readings and passive-resonance readings).
    var measurements: Int
    /// Whether a feasible operating point (gain ≥ target − tolerance, stable) was found.
    var feasible: Bool
    /// What was detected and done: `replaced` (the root moved up: flux drift or a jump; the bias was placed
    /// again from passive-resonance readings; with a policy, the reading was lost), `checked` (a passive-resonance
    /// check), `policy` (a policy took at least one action), `flux_trap` (the SQUID was seen trapped), `no_feasible`.
    var events: [String]

    /// Within `tolerance` dB of the least pump power, and feasible.
    func isWithin(_ tolerance: Double) -> Bool {
        guard feasible, let excessPumpDb else { return false }
        return abs(excessPumpDb) <= tolerance
    }

    static let csvHeader = "index,target_ghz,flux_bias_ua,pump_power_dbm,pump_detuning_mhz,gain_db,noise_temperature_k,"
        + "minimum_pump_power_dbm,excess_pump_db,measurements,feasible,events"

    /// The CSV row (empty fields for absent values).
    var csvRow: String {
        func field(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        return [String(index), "\(targetGhz)", field(fluxBiasUa), field(pumpPowerDbm), field(pumpDetuningMhz),
                field(gainDb), field(noiseTemperatureK), field(minimumPumpPowerDbm), field(excessPumpDb),
                String(measurements), feasible ? "1" : "0", events.joined(separator: ";")].joined(separator: ",")
    }
}
