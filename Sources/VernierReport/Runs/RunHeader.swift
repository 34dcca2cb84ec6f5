/// What every run report starts with: which run, of what, how it ended.
public struct RunHeader: Sendable, Hashable {
    public var runID: String
    /// `tune`, `train`, `evaluate`, `run`.
    public var kind: String
    public var plant: String
    public var algorithm: String
    /// `completed`, `cancelled`, `failed`, `running`.
    public var status: String
    /// Why the run ended as it did (the stop reason of a tuning run, a failed run's error).
    public var statusMessage: String?
    public var seed: UInt64?
    /// When the run was created, as text (ISO 8601).
    public var createdAt: String?

    public init(runID: String, kind: String, plant: String, algorithm: String, status: String,
                statusMessage: String? = nil, seed: UInt64? = nil, createdAt: String? = nil) {
        self.runID = runID
        self.kind = kind
        self.plant = plant
        self.algorithm = algorithm
        self.status = status
        self.statusMessage = statusMessage
        self.seed = seed
        self.createdAt = createdAt
    }

    /// `Run r12 — tune of awake/Steering-v1 with bo`.
    public var title: String { "Run \(runID) — \(kind) of \(plant) with \(algorithm)" }

    /// The facts every report lists first.
    public var facts: [ReportFact] {
        var facts = [ReportFact("run", runID), ReportFact("kind", kind), ReportFact("plant", plant),
                     ReportFact("algorithm", algorithm), ReportFact("status", status)]
        if let statusMessage { facts.append(ReportFact(kind == "tune" ? "stop reason" : "message", statusMessage)) }
        if let seed { facts.append(ReportFact("seed", String(seed))) }
        if let createdAt { facts.append(ReportFact("created", createdAt)) }
        return facts
    }
}
