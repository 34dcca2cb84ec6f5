import ArgumentParser
import Foundation
import VernierCore
import VernierPlants

/// `vernier paramap jpa/Tuning-v1 --out FILE.csv`: the JPA's flux-bias × pump-power gain map, as operators draw it.
struct ParamapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paramap",
        abstract: "Write a JPA's 2-D map (flux bias × pump power → gain) as CSV, to eyeball the model against a measured one.",
        discussion: """
            Without --context the pump tracks the passive resonance at each bias (f_p = 2 f₀), as in CAPP's
            paramap over f_passive × P_pump; with --context GHZ the pump sits at 2 × GHZ and the gain is read
            there, as the optimiser sees it. The bias is swept upwards, so the flux trap near Φ₀/2 shows.
            Columns: flux_bias_ua, flux_phi0, passive_frequency_ghz, pump_power_dbm, pump_frequency_ghz,
            signal_frequency_ghz, gain_db ("nan" when unstable), unstable, flux_trapped.
            """)

    @OptionGroup var plant: PlantSelection

    @Option(help: "The CSV file to write.")
    var out: String

    @Option(help: "Number of flux-bias points (2–10000).")
    var biasPoints = 201

    @Option(help: "Number of pump-power points (2–10000).")
    var powerPoints = 161

    @Option(help: "Target frequency in GHz: pump at twice it and read the gain there (within the plant's scan range).")
    var context: Double?

    @Option(parsing: .unconditional, help: "Lowest flux bias in µA (default: the plant's bias window at --context, else bias_min_ua).")
    var biasMin: Double?

    @Option(parsing: .unconditional, help: "Highest flux bias in µA (default: the window's top at --context, else bias_max_ua).")
    var biasMax: Double?

    @Option(parsing: .unconditional, help: "Lowest pump power in dBm (default: pump_power_min_dbm).")
    var powerMin: Double?

    @Option(parsing: .unconditional, help: "Highest pump power in dBm (default: pump_power_max_dbm).")
    var powerMax: Double?

    @OptionGroup var seedOption: SeedOptions

    /// The plant's seed: the scenario (true flux offset) and the gain-reading noise.
    private var seed: UInt64 { seedOption.seed }

    @Flag(help: "Draw the noiseless model instead of noisy readings.")
    var ideal = false

    func validate() throws {
        for (name, count) in [("--bias-points", biasPoints), ("--power-points", powerPoints)] where !(2...10_000).contains(count) {
            throw ValidationError("\(name) must be between 2 and 10000, got \(count)")
        }
        let directory = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw ValidationError("the folder of --out '\(out)' does not exist; create it or write elsewhere")
        }
        for (name, low, high) in [("bias", biasMin, biasMax), ("power", powerMin, powerMax)] {
            if let low, let high, !(low < high) {
                throw ValidationError("--\(name)-min (\(low)) must be below --\(name)-max (\(high))")
            }
        }
    }

    func run() throws {
        guard var tuning = try plant.makePlant() as? JPATuning else {
            throw ValidationError("paramap draws a JPA's bias × pump map; '\(plant.id)' is not a JPA (use jpa/Tuning-v1)")
        }
        if let context, !tuning.contextRange.contains(context) {
            throw ValidationError("--context \(context) GHz is outside the plant's scan range \(tuning.contextRange.lowerBound)–\(tuning.contextRange.upperBound) GHz; pick a target in it or widen target_frequency_min_ghz/target_frequency_max_ghz")
        }
        let options = tuning.options
        let window = try context.map { try tuning.optimizationSpace(context: $0) }
        let biasLow = biasMin ?? window?.low[0] ?? options.biasMinimum
        let biasHigh = biasMax ?? window?.high[0] ?? options.biasMaximum
        let powerLow = powerMin ?? options.pumpPowerMinimum
        let powerHigh = powerMax ?? options.pumpPowerMaximum
        guard biasLow < biasHigh, powerLow < powerHigh else {
            throw ValidationError("the bias range [\(biasLow), \(biasHigh)] µA and power range [\(powerLow), \(powerHigh)] dBm must be non-empty; adjust --bias-min/--bias-max/--power-min/--power-max")
        }
        guard biasLow >= options.biasMinimum, biasHigh <= options.biasMaximum else {
            throw ValidationError("the bias range [\(biasLow), \(biasHigh)] µA leaves the source's limits [\(options.biasMinimum), \(options.biasMaximum)] µA (bias_min_ua, bias_max_ua)")
        }
        _ = try tuning.initialParameters(context: context ?? tuning.targetFrequency, seed: seed)
        let biases = Self.grid(biasLow, biasHigh, count: biasPoints)
        let powers = Self.grid(powerLow, powerHigh, count: powerPoints)
        let points = tuning.paramap(biasValues: biases, powerValues: powers, context: context, ideal: ideal, seed: seed)
        var csv = "flux_bias_ua,flux_phi0,passive_frequency_ghz,pump_power_dbm,pump_frequency_ghz,signal_frequency_ghz,gain_db,unstable,flux_trapped\n"
        for point in points {
            let fields = [point.bias, point.flux, point.passiveFrequency, point.pumpPower, point.pumpFrequency,
                          point.signalFrequency, point.gain].map(Self.field)
            csv += fields.joined(separator: ",") + ",\(point.isUnstable ? 1 : 0),\(point.isTrapped ? 1 : 0)\n"
        }
        do {
            try csv.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write '\(out)': \(error.localizedDescription)")
        }
        let unstable = points.count { $0.isUnstable }
        print("\(plant.id): wrote \(points.count) points (\(biasPoints) biases × \(powerPoints) powers, \(unstable) unstable) to \(out)")
    }

    /// `count` evenly spaced values from `low` to `high` inclusive.
    static func grid(_ low: Double, _ high: Double, count: Int) -> [Double] {
        (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
    }

    /// A CSV number: shortest round-trip text, "nan" for NaN.
    static func field(_ value: Double) -> String {
        value.isNaN ? "nan" : "\(value)"
    }
}
