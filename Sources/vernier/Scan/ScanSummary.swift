/// The whole scan as `--json` prints it (snake_case keys, absent values omitted).
struct ScanSummary: Encodable {
    var runId: String?
    var status: String
    var plant: String
    var method: String
    /// With a policy: where its steps start (`predicted`, `placed`, `ended`).
    var policyStart: String?
    /// With a policy: the steps at which it acted (took at least one action), and their measurements' median.
    var policyActedSteps: Int?
    var policyActedMedianMeasurements: Double?
    var backend: String
    var fromGhz: Double
    var toGhz: Double
    var stepMhz: Double
    var steps: Int
    var totalMeasurements: Int
    var medianMeasurementsPerStep: Double?
    var meanMeasurementsPerStep: Double?
    var maxMeasurementsPerStep: Int?
    /// The first step's measurements (the cold start).
    var coldStartMeasurements: Int?
    var feasibleSteps: Int
    /// Steps whose operating point is within 0.5 dB of the least pump power (and feasible), and their share.
    var stepsWithinHalfDb: Int
    var fractionWithinHalfDb: Double?
    var replacements: Int
    var fluxTrapEvents: Int
    var stepsWithoutFeasiblePoint: Int
    /// Readings with the pump above the lowest unstable pump power + margin after the first unstable one (0).
    var measurementsAboveMargin: Int
    /// Writes to the machine (interpolated moves and restores included), the largest single move per parameter,
    /// and the lowest and highest value written per parameter (bias µA, pump dBm, detuning MHz).
    var writes: Int?
    var largestWriteMove: [Double]?
    var lowestWritten: [Double]?
    var highestWritten: [Double]?
    var restore: String?
    var error: String?
    var store: String?
    var csv: String?
    var stepRecords: [ScanStep]?

    init(steps records: [ScanStep], plant: String, method: String, backend: String, from: Double, to: Double,
         step: Double, aboveMargin: Int) {
        status = "completed"
        self.plant = plant
        self.method = method
        self.backend = backend
        fromGhz = from
        toGhz = to
        stepMhz = step
        steps = records.count
        let counts = records.map(\.measurements).sorted()
        totalMeasurements = counts.reduce(0, +)
        if !counts.isEmpty {
            let middle = counts.count / 2
            medianMeasurementsPerStep = counts.count % 2 == 1 ? Double(counts[middle]) : Double(counts[middle - 1] + counts[middle]) / 2
            meanMeasurementsPerStep = Double(totalMeasurements) / Double(counts.count)
            maxMeasurementsPerStep = counts.last
            fractionWithinHalfDb = Double(records.filter { $0.isWithin(0.5) }.count) / Double(records.count)
        }
        coldStartMeasurements = records.first?.measurements
        feasibleSteps = records.filter(\.feasible).count
        stepsWithinHalfDb = records.filter { $0.isWithin(0.5) }.count
        replacements = records.filter { $0.events.contains("replaced") }.count
        fluxTrapEvents = records.filter { $0.events.contains("flux_trap") }.count
        stepsWithoutFeasiblePoint = records.filter { !$0.feasible }.count
        measurementsAboveMargin = aboveMargin
        stepRecords = records
    }
}
