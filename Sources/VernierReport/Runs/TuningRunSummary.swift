/// What a tuning-run report shows, as plain data the command line fills from the run store and the plant.
public struct TuningRunSummary: Sendable {
    /// A tuned parameter and its bounds (in the parameter's units); bounds are `nil` when unknown.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var lower: Double?
        public var upper: Double?
        public init(name: String, lower: Double? = nil, upper: Double? = nil) {
            self.name = name
            self.lower = lower
            self.upper = upper
        }
    }

    /// A constraint and its limits (`nil` for an open side).
    public struct Constraint: Sendable, Hashable {
        public var name: String
        public var lower: Double?
        public var upper: Double?
        public init(name: String, lower: Double? = nil, upper: Double? = nil) {
            self.name = name
            self.lower = lower
            self.upper = upper
        }
    }

    /// One evaluation as recorded.
    public struct Evaluation: Sendable, Hashable {
        public var objective: Double
        public var constraints: [Double]
        public var parameters: [Double]
        public var isFeasible: Bool
        public init(objective: Double, constraints: [Double], parameters: [Double], isFeasible: Bool) {
            self.objective = objective
            self.constraints = constraints
            self.parameters = parameters
            self.isFeasible = isFeasible
        }
    }

    public var header: RunHeader
    /// The objective's name with its unit, e.g. `trajectory RMS (mm)`.
    public var objectiveName: String
    public var parameters: [Parameter]
    public var constraints: [Constraint]
    public var evaluations: [Evaluation]
    /// Where the machine was before the run, if known.
    public var initialParameters: [Double]?
    /// Plots of the plant's own picture (BPM readings, a gain trace), made by the caller.
    public var plantPictures: [Plot]

    public init(header: RunHeader, objectiveName: String, parameters: [Parameter], constraints: [Constraint],
                evaluations: [Evaluation], initialParameters: [Double]? = nil, plantPictures: [Plot] = []) {
        self.header = header
        self.objectiveName = objectiveName
        self.parameters = parameters
        self.constraints = constraints
        self.evaluations = evaluations
        self.initialParameters = initialParameters
        self.plantPictures = plantPictures
    }

    /// The best feasible objective up to each evaluation (NaN before the first feasible one).
    public var bestSoFar: [Double] {
        BestSoFar.values(objectives: evaluations.map(\.objective), feasible: evaluations.map(\.isFeasible))
    }

    /// The index of the best feasible evaluation (the earliest of equal ones), if any.
    public var bestIndex: Int? {
        var best: Int?
        for (index, evaluation) in evaluations.enumerated() where evaluation.isFeasible && !evaluation.objective.isNaN {
            if best.map({ evaluation.objective < evaluations[$0].objective }) ?? true { best = index }
        }
        return best
    }
}
