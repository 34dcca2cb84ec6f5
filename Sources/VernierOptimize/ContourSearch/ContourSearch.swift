import VernierCore

/// The least drive on a constraint's contour, for plants whose constraint one parameter drives monotonically
/// (``VernierCore/LevelSetStructure``): a JPA's gain rises with pump power up to parametric oscillation, so the
/// 20 dB point is a bracketed root in pump power, and the least pump power is where that root is lowest.
///
/// The search, in ask/tell form (a state machine; the whole state is `Codable`):
/// 1. **Placement** (when the plant offers a placement reading and the start is cold): readings with the drive
///    off, at values of the placement parameter chosen by the secant method on `reading − target`, until the
///    reading is within three resolutions of the target; the parameter is then set by one more secant step
///    (no measurement). A JPA's passive resonance placed on the target frequency puts the flux bias into the
///    narrow window where 20 dB can be reached at all.
/// 2. **Root** in the drive, every other parameter held (the placement parameter at its placed value, the
///    rest at the initial point): bisection while the bracket's top is unstable, regula falsi between two
///    stable readings, steps upwards from a reading below the level, so that the drive approaches the
///    instability from below; it ends when a feasible reading is within ``ContourSearchOptions/acceptExcess``
///    of the level or the bracket is narrower than ``ContourSearchOptions/driveTolerance``.
/// 3. In a warm start (a scan step from the previous operating point), a root that moved up more than
///    ``ContourSearchOptions/replacementThreshold`` — flux drift, a flux jump — triggers a placement and a new root;
///    with ``ContourSearchOptions/checkPlacement`` the step begins with one placement reading (slow drift shows
///    there before it costs pump power).
///
/// Safety: once any reading was unstable, no point is suggested with the drive more than
/// ``ContourSearchOptions/instabilityMargin`` above the lowest drive seen unstable (``measurementsAboveMargin``
/// counts violations, and stays 0). Every point goes through the host's safety envelope as any optimiser's.
///
/// Without a declared structure (the problem's ``OptimizationProblem/levelSet``) the search assumes the
/// first constraint is driven by the last parameter, towards feasibility.
public struct ContourSearch: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "contour search"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: true, handlesNoise: true, maximumBatchSize: 1)

    public let problem: OptimizationProblem
    public let options: ContourSearchOptions
    public private(set) var progress = OptimizationProgress()

    /// Where the search is.
    enum Phase: String, Sendable, Hashable, Codable {
        case placing, rooting, done
    }

    /// One reading of the root search: the drive and `s` = the signed distance to the level (≥ 0 on the
    /// feasible side), nil when the plant was unstable there.
    struct RootProbe: Sendable, Hashable, Codable {
        var drive: Double
        var distance: Double?
    }

    /// One placement reading: the placement parameter's value and the reading (NaN: none, e.g. a trapped SQUID).
    struct PlacementProbe: Sendable, Hashable, Codable {
        var value: Double
        var reading: Double
    }

    // The structure, resolved to indices.
    let constraintIndex: Int
    let driveIndex: Int
    let placementIndex: Int?
    let placementObservable: String?
    let placementTarget: Double
    let placementResolution: Double
    let instabilityObservable: String?
    /// The level sought (constraint units) and whether the constraint's feasible side is above it.
    let level: Double
    let feasibleAbove: Bool

    var phase: Phase
    /// The point every suggestion starts from: the initial point, with the placement parameter once placed.
    var base: [Double]
    var placementProbes: [PlacementProbe] = []
    var lower: RootProbe?
    var upper: RootProbe?
    var pending: [Double]?
    /// Whether a warm start placed again because the root moved up (drift, a jump).
    public private(set) var replaced = false

    /// The placement parameter's value after placement (nil before, or without placement).
    public private(set) var placedValue: Double?
    /// d(reading)/d(placement parameter), as given or estimated from the readings.
    public private(set) var placementSlope: Double?
    /// d(constraint)/d(drive) near the level, as given or estimated from the last bracket.
    public private(set) var driveSlope: Double?
    /// The lowest drive at which the plant was seen unstable.
    public private(set) var lowestUnstableDrive: Double?
    /// Readings taken with the drive above the lowest unstable drive + margin after the first unstable one.
    public private(set) var measurementsAboveMargin = 0
    /// Placement readings taken (drive off).
    public private(set) var placementReadingCount = 0
    /// The feasible reading that ended the last root search, if it found one.
    public private(set) var root: EvaluatedPoint?

    /// A contour search on `problem`, starting from its initial point (the box centre without one).
    ///
    /// - Throws: ``OptimizerError`` for an unusable problem or options, a problem without constraints, or a
    ///   declared structure naming a constraint, parameter or direction the problem does not have.
    public init(problem: OptimizationProblem, options: ContourSearchOptions = ContourSearchOptions()) throws(OptimizerError) {
        try Self.admit(problem, name: Self.displayName, capabilities: Self.capabilities, ignoreConstraints: false)
        var problems = options.problems()
        guard !problem.constraints.isEmpty else {
            throw .invalidProblem(["the contour search follows a constraint, and the problem has none"])
        }
        let structure = problem.levelSet ?? LevelSetStructure(
            constraint: problem.constraints[0].name, drive: problem.name(of: problem.dimension - 1),
            increasing: problem.constraints[0].lowerBound.isFinite)
        let constraintIndex = problem.constraints.firstIndex { $0.name == structure.constraint }
        let driveIndex = problem.parameterNames.firstIndex(of: structure.drive)
        if constraintIndex == nil {
            problems.append("the level set names constraint '\(structure.constraint)', the problem has "
                            + problem.constraints.map(\.name).joined(separator: ", "))
        }
        if driveIndex == nil {
            problems.append("the level set's drive '\(structure.drive)' is not a parameter ("
                            + problem.parameterNames.joined(separator: ", ") + ")")
        }
        var placementIndex: Int?
        if let placement = structure.placement {
            placementIndex = problem.parameterNames.firstIndex(of: placement.parameter)
            if placementIndex == nil || placementIndex == driveIndex {
                problems.append("the placement parameter '\(placement.parameter)' is not a parameter other than the drive")
            }
        }
        guard problems.isEmpty, let constraintIndex, let driveIndex else { throw .invalidOptions(problems) }
        let constraint = problem.constraints[constraintIndex]
        let feasibleAbove = constraint.lowerBound.isFinite
        guard feasibleAbove == structure.increasing, feasibleAbove || constraint.upperBound.isFinite else {
            throw .invalidProblem(["the drive '\(structure.drive)' moves '\(constraint.name)' away from its feasible "
                                   + "side: the least drive is simply the lowest; no contour to follow"])
        }
        self.problem = problem
        self.options = options
        self.constraintIndex = constraintIndex
        self.driveIndex = driveIndex
        self.placementIndex = placementIndex
        self.placementObservable = structure.placement?.observable
        self.placementTarget = structure.placement?.target ?? 0
        self.placementResolution = structure.placement?.resolution ?? 0
        self.instabilityObservable = structure.instabilityObservable
        self.level = feasibleAbove ? constraint.lowerBound + options.levelMargin : constraint.upperBound - options.levelMargin
        self.feasibleAbove = feasibleAbove
        self.base = problem.initialPoint ?? zip(problem.space.low, problem.space.high).map { ($0 + $1) / 2 }
        self.placementSlope = options.placementSlope
        self.driveSlope = options.driveSlope
        self.phase = placementIndex != nil && (!options.warmStart || options.checkPlacement) ? .placing : .rooting
    }

    /// The drive's lowest value: where placement readings are taken ("drive off").
    var driveOff: Double { problem.space.low[driveIndex] }

    /// The highest drive the search may suggest now: the box's top, or the lowest unstable drive + margin.
    var driveCeiling: Double {
        min(problem.space.high[driveIndex], lowestUnstableDrive.map { $0 + options.instabilityMargin } ?? .infinity)
    }

    // MARK: - Ask

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        if let pending { return [pending] }
        var point = base
        switch phase {
        case .placing:
            guard let placementIndex else { preconditionFailure("placing without a placement parameter") }
            point[placementIndex] = nextPlacementValue(index: placementIndex)
            point[driveIndex] = driveOff
        case .rooting:
            point[driveIndex] = nextDrive()
        case .done:
            point = root?.parameters ?? progress.best?.parameters ?? base
        }
        point = problem.space.clip(point)
        pending = point
        return [point]
    }

    /// The next placement value: the secant step on `reading − target` from the last usable reading (a
    /// ``ContourSearchOptions/placementStep`` move without a slope), within the box.
    func nextPlacementValue(index: Int) -> Double {
        let low = problem.space.low[index], high = problem.space.high[index]
        let step = options.placementStep * (high - low)
        guard !placementProbes.isEmpty else { return base[index] }
        let usable = placementProbes.filter { $0.reading.isFinite }
        guard let anchor = usable.last else {
            // No resonance yet (trapped): walk away from the start, alternating sides, further each time.
            let k = Double(placementProbes.count)
            let sign = placementProbes.count % 2 == 1 ? 1.0 : -1.0
            return min(max(base[index] + sign * k * step, low), high)
        }
        let lost = placementProbes.filter { !$0.reading.isFinite }.map(\.value)
        var next: Double
        if let slope = fittedPlacementSlope() {
            let move = (placementTarget - anchor.reading) / slope
            next = anchor.value + max(min(move, 0.5 * (high - low)), -0.5 * (high - low))
        } else {
            // No slope yet: a step to the side without a lost reading (upwards when both are free).
            let upwardsLost = lost.contains { $0 > anchor.value }
            next = anchor.value + (anchor.value + step <= high && !upwardsLost ? step : -step)
        }
        return min(max(shortOfLostReadings(from: anchor.value, to: next), low), high)
    }

    /// `next`, moved from `anchor` (a value with a reading) no farther than halfway to the nearest value on the
    /// same side where the reading was lost: a trapped SQUID lies beyond such a value.
    func shortOfLostReadings(from anchor: Double, to next: Double) -> Double {
        var next = next
        for probe in placementProbes where !probe.reading.isFinite && (probe.value - anchor) * (next - anchor) > 0
            && abs(next - anchor) >= abs(probe.value - anchor) {
            next = (anchor + probe.value) / 2
        }
        return next
    }

    /// The placement slope from the last two usable readings at distinct values, else the one given.
    func fittedPlacementSlope() -> Double? {
        let usable = placementProbes.filter { $0.reading.isFinite }
        if usable.count >= 2 {
            let a = usable[usable.count - 2], b = usable[usable.count - 1]
            if a.value != b.value, a.reading != b.reading {
                let slope = (b.reading - a.reading) / (b.value - a.value)
                if slope.isFinite { return slope }
            }
        }
        return placementSlope
    }

    /// The next drive of the root search (see the type's description), within the box and the ceiling.
    func nextDrive() -> Double {
        let low = problem.space.low[driveIndex], ceiling = driveCeiling
        var next: Double
        switch (lower, upper) {
        case (nil, nil):
            next = options.warmStart || replaced ? base[driveIndex] : (low + ceiling) / 2
        case (let lower?, nil):
            let distance = lower.distance ?? 0
            if let slope = driveSlope {
                // Extrapolate to the level from below, at least a tolerance up, never more than a few steps.
                let move = max(-distance / slope, options.driveTolerance)
                next = lower.drive + min(move, 4 * options.driveStep)
            } else {
                next = options.warmStart ? lower.drive + options.driveStep : (lower.drive + ceiling) / 2
            }
        case (nil, let upper?):
            if let distance = upper.distance, let slope = driveSlope {
                next = upper.drive - max(distance / slope, options.driveTolerance) - options.driveTolerance
            } else {
                next = options.warmStart || replaced ? upper.drive - options.driveStep : (low + upper.drive) / 2
            }
        case (let lower?, let upper?):
            let width = upper.drive - lower.drive
            if let high = upper.distance, let below = lower.distance, high > below {
                // Regula falsi, kept off the ends of the bracket.
                let fraction = min(max(-below / (high - below), 0.15), 0.85)
                next = lower.drive + fraction * width
            } else {
                next = lower.drive + width / 2
            }
        }
        return min(max(next, low), ceiling)
    }

    // MARK: - Tell

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations {
            progress.record(point, constraints: problem.constraints)
            pending = nil
            let drive = point.parameters[driveIndex]
            if let lowest = lowestUnstableDrive, drive > lowest + options.instabilityMargin + 1e-12 {
                measurementsAboveMargin += 1
            }
            let unstable = isUnstable(point.evaluation)
            if unstable { lowestUnstableDrive = min(lowestUnstableDrive ?? drive, drive) }
            switch phase {
            case .placing: takePlacement(point)
            case .rooting: takeRoot(point, unstable: unstable)
            case .done: break
            }
        }
    }

    /// Whether the plant was past its monotone range at `evaluation`: the declared flag, or a non-finite
    /// constraint value.
    func isUnstable(_ evaluation: Evaluation) -> Bool {
        if let name = instabilityObservable, let flag = evaluation.observables[name], flag != 0, !flag.isNaN { return true }
        return !evaluation.constraints[constraintIndex].isFinite
    }

    mutating func takePlacement(_ point: EvaluatedPoint) {
        guard let placementIndex else { return }
        placementReadingCount += 1
        let reading = placementObservable.flatMap { point.evaluation.observables[$0] } ?? .nan
        let value = point.parameters[placementIndex]
        placementProbes.append(PlacementProbe(value: value, reading: reading))
        let closeEnough = reading.isFinite && abs(reading - placementTarget) <= max(3 * placementResolution, 1e-12)
        let repeated = placementProbes.dropLast().contains { $0.value == value }
        guard closeEnough || repeated || placementProbes.count >= options.placementReadings else { return }
        // Placed: one more secant step from the reading closest to the target (no measurement).
        let usable = placementProbes.filter { $0.reading.isFinite }
        placementSlope = fittedPlacementSlope()
        if let nearest = usable.min(by: { abs($0.reading - placementTarget) < abs($1.reading - placementTarget) }) {
            let move = placementSlope.map { (placementTarget - nearest.reading) / $0 } ?? 0
            let low = problem.space.low[placementIndex], high = problem.space.high[placementIndex]
            let placed = shortOfLostReadings(from: nearest.value, to: nearest.value + (move.isFinite ? move : 0))
            base[placementIndex] = min(max(placed, low), high)
        }
        placedValue = base[placementIndex]
        placementProbes = []
        lower = nil
        upper = nil
        phase = .rooting
    }

    mutating func takeRoot(_ point: EvaluatedPoint, unstable: Bool) {
        let drive = point.parameters[driveIndex]
        let value = point.evaluation.constraints[constraintIndex]
        if unstable {
            if upper == nil || drive <= (upper?.drive ?? drive) { upper = RootProbe(drive: drive, distance: nil) }
            if let below = lower, below.drive >= drive { lower = nil }
        } else {
            let distance = feasibleAbove ? value - level : level - value
            if distance < 0 {
                if lower == nil || drive >= (lower?.drive ?? drive) { lower = RootProbe(drive: drive, distance: distance) }
                if let above = upper, above.drive <= drive { upper = nil }
            } else {
                if upper == nil || drive <= (upper?.drive ?? drive) { upper = RootProbe(drive: drive, distance: distance) }
                if let below = lower, below.drive >= drive { lower = nil }
                if point.evaluation.isFeasible(under: problem.constraints),
                   root == nil || drive <= (root?.parameters[driveIndex] ?? drive) || (root.map { !problem.space.contains($0.parameters) } ?? false) {
                    root = point
                }
                if distance <= options.acceptExcess {
                    finishRoot(point)
                    return
                }
            }
        }
        if let lower, let upper, let below = lower.distance, let above = upper.distance, upper.drive > lower.drive {
            let slope = (above - below) / (upper.drive - lower.drive)
            if slope.isFinite, slope > 0 { driveSlope = slope }
        }
        if let lower, let upper, upper.drive - lower.drive <= options.driveTolerance {
            if upper.distance != nil {
                finishRoot(root ?? point)
            } else {
                missedBand()
            }
            return
        }
        if let lower, lower.drive >= driveCeiling - 1e-12 {
            missedBand()
        } else if let upper, upper.drive <= problem.space.low[driveIndex] + 1e-12, upper.distance != nil {
            finishRoot(root ?? point)
        }
    }

    /// The root search ended on a feasible reading: done, unless a warm start finds the root moved up enough to
    /// suspect the placement (then place and search again, once).
    mutating func finishRoot(_ point: EvaluatedPoint) {
        root = point.evaluation.isFeasible(under: problem.constraints) ? point : root
        let start = problem.initialPoint?[driveIndex] ?? base[driveIndex]
        if options.warmStart, !replaced, placementIndex != nil,
           point.parameters[driveIndex] > start + options.replacementThreshold {
            replan(from: start)
            return
        }
        phase = .done
        let found = root.map { "\(problem.name(of: driveIndex)) = \($0.parameters[driveIndex])" } ?? "no feasible reading"
        progress.convergence = "contour reached: \(found)"
    }

    /// The drive went from below the level straight to unstable (or to its ceiling): the band was missed at
    /// this placement. Place again once, else stop.
    mutating func missedBand() {
        if placementIndex != nil, !replaced {
            replan(from: lower?.drive ?? base[driveIndex])
            return
        }
        phase = .done
        progress.convergence = "no feasible reading below the instability: the band was missed"
    }

    /// Places again and searches the root from just below `drive`.
    mutating func replan(from drive: Double) {
        replaced = true
        base[driveIndex] = max(drive - options.driveStep, problem.space.low[driveIndex])
        lower = nil
        upper = nil
        phase = .placing
    }
}
