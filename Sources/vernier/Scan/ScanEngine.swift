import Foundation
import VernierCore
import VernierMath
import VernierNN
import VernierOptimize
import VernierPlants

/// Re-tunes a JPA at one target frequency after another, each time from the operating point the last left on
/// the machine (warm start): the loop `vernier scan` runs, generic over the machine (the simulated plant, or
/// the device behind a register map).
///
/// Each step holds the machine at its target (``VernierCore/FixedContext``) inside a safety envelope of its own
/// (the plant's box at that target; the map's `max_step`; restore to the step's start on Ctrl-C or an error,
/// to its best feasible point on completion), and every measurement goes through that envelope.
struct ScanEngine<Machine: ContextualOptimizable> {
    /// The machine (its context is the target frequency).
    var machine: Machine
    /// Where the machine's settings are now (bias µA, pump dBm, detuning MHz).
    var current: [Double]
    /// The largest move per write, per parameter (the map's `max_step`), if any.
    let maxStep: [Double]?
    let method: ScanMethod
    /// The client's plant model: the RL view a policy acts through; the operator's calibration.
    var model: JPATuning
    let policy: Policy?
    /// Largest number of measurements of the first step (cold) and of each later step.
    let coldBudget: Int
    let budget: Int
    let seed: UInt64
    /// Every how many steps the search begins with a passive-resonance check (0: never).
    var checkEvery = 5
    /// With a policy: where each step starts (see ``PolicyStart``).
    var policyStart = PolicyStart.predicted
    /// Called with every measurement (step index, target, parameters set, evaluation) before the next move.
    var onMeasurement: (Int, Double, [Double], Evaluation) throws -> Void = { _, _, _, _ in }

    /// What the search learnt and carries to the next step.
    private(set) var placementSlope: Double?
    private(set) var driveSlope: Double?
    private(set) var previousTarget: Double?
    private var previousFeasible = false
    /// Readings above the instability margin after the first unstable one, over the whole scan (searches only).
    private(set) var measurementsAboveMargin = 0
    /// Every write the envelopes made (interpolated moves and restores included): count, largest move per
    /// parameter, lowest and highest value written per parameter.
    let writes: WriteTally

    init(machine: Machine, current: [Double], maxStep: [Double]?, method: ScanMethod, model: JPATuning, policy: Policy?,
         coldBudget: Int, budget: Int, seed: UInt64) {
        self.machine = machine
        self.current = current
        self.maxStep = maxStep
        self.method = method
        self.model = model
        self.policy = policy
        self.coldBudget = coldBudget
        self.budget = budget
        self.seed = seed
        self.writes = WriteTally(start: current)
    }

    /// Tunes at `target` (GHz) as step `index`: returns the step's record; the machine is left at the step's
    /// best feasible point (or where it started, when none was found).
    ///
    /// - Throws: ``VernierCore/AbortedRun`` when cancelled (Ctrl-C) or when the machine failed, after the
    ///   envelope restored it to the step's start.
    mutating func tune(step index: Int, target: Double) async throws -> ScanStep {
        let held = try FixedContext(machine, context: target)
        let box = held.optimizationSpace
        // The hard limits: the target's box, widened to where the machine is (it starts inside the last box).
        let hardLimits = Box(low: zip(box.low, current).map { min($0, $1) }, high: zip(box.high, current).map { max($0, $1) })
        let limits = SafetyLimits(hardLimits: hardLimits, maxStep: maxStep, outOfBounds: .clip, onAbort: .initial,
                                  onCompletion: .best)
        var envelope = try SafetyEnvelope(plant: held, limits: limits, initialPoint: current)
        let tally = writes
        envelope.onWrite = { record in tally.add(record.parameters) }
        var measurements = 0
        var events: [String] = []
        // Set by the measurement closure, kept apart from `events`: the searches hold `events` inout while they
        // measure, and the closure writing it too would be an overlapping access (a crash at the first trap).
        var sawTrap = false
        let cold = index == 0 || !previousFeasible
        let stepBudget = cold ? coldBudget : budget
        let start = predictedStart(target: target, box: box)
        let observe = onMeasurement
        var searchState = SearchCarry(placementSlope: placementSlope, driveSlope: driveSlope)
        var model = self.model
        let (method, policy, seed) = (self.method, self.policy, self.seed)
        _ = try await envelope.run { envelope in
            func measure(_ proposal: [Double]) throws -> EvaluatedPoint {
                try Task.checkCancellation()
                let evaluation = try envelope.evaluate(proposal)
                let at = envelope.lastTarget ?? proposal
                measurements += 1
                if evaluation.observables["flux_trapped"] == 1 { sawTrap = true }
                try observe(index, target, at, evaluation)
                return EvaluatedPoint(parameters: at, evaluation: evaluation)
            }
            // Local methods (a policy, Nelder–Mead) need a start near the contour: a cold step is the search's.
            var stepMethod = method
            if cold, case .policy = method { stepMethod = .search }
            if cold, case .nelderMead = method { stepMethod = .search }
            switch stepMethod {
            case .search:
                let check = checkEvery > 0 && index % checkEvery == 0
                try Self.search(target: target, held: held, start: start, cold: cold, check: check, budget: stepBudget,
                                carry: &searchState, events: &events, measure: measure)
            case .bayesian:
                let problem = OptimizationProblem(describing: held, initialPoint: start)
                // The baseline: BO from where the machine is, without the level-set seed (that would be the search).
                var options = BayesianOptions()
                options.levelSetSeed = false
                var optimizer = try BayesianOptimizer(problem: problem, options: options,
                                                      seed: SeedStreams.seed(seed &+ UInt64(index), for: .optimizer))
                while optimizer.progress.evaluationCount < stepBudget {
                    try optimizer.ingest([try measure(try optimizer.suggest(1)[0])])
                }
            case .nelderMead:
                try Self.nelderMead(held: held, start: start, budget: stepBudget, measure: measure)
            case .policy:
                guard let policy else { return }
                if case .predicted = policyStart {
                    try Self.runPolicy(policy, model: &model, held: held, from: previousTarget ?? target, to: target,
                                       predicted: start, box: box, budget: stepBudget,
                                       placementSlope: searchState.placementSlope, events: &events, measure: measure)
                    return
                }
                var from = envelope.currentPoint
                if case .placed = policyStart, let slope = searchState.placementSlope,
                   let placed = try Self.placeBias(held: held, start: start, target: target, slope: slope, measure: measure) {
                    from[0] = placed
                    events.append("checked")
                }
                try Self.runPolicy(policy, model: &model, from: previousTarget ?? target, to: target,
                                   start: from, box: box, budget: stepBudget - measurements, measure: measure)
            }
        }
        if sawTrap { events.append("flux_trap") }
        self.model = model
        placementSlope = searchState.placementSlope
        driveSlope = searchState.driveSlope
        measurementsAboveMargin += searchState.aboveMargin
        machine = envelope.plant.base
        current = envelope.currentPoint
        previousTarget = target
        var record = ScanStep(index: index, targetGhz: target, measurements: measurements, feasible: envelope.best != nil,
                              events: events)
        if let best = envelope.best {
            record.fluxBiasUa = best.parameters[0]
            record.pumpPowerDbm = best.parameters[1]
            record.pumpDetuningMhz = best.parameters[2]
            record.gainDb = best.evaluation.observables["gain_db"].flatMap { $0.isFinite ? $0 : nil }
            record.noiseTemperatureK = best.evaluation.observables["system_noise_temperature_k"].flatMap { $0.isFinite ? $0 : nil }
            if let minimum = best.evaluation.observables["minimum_pump_power_dbm"], minimum.isFinite {
                record.minimumPumpPowerDbm = minimum
                record.excessPumpDb = best.parameters[1] - minimum
            }
        } else {
            record.events.append("no_feasible")
        }
        previousFeasible = envelope.best != nil
        return record
    }

    /// The start of a step: where the machine is, moved as the plant's box moved from the previous target (the
    /// box follows the operator's calibration, the nominal tuning curve: the flux bias shifts along it); inside
    /// the target's box. Only the search and a policy from a predicted start (``PolicyStart/predicted``) move
    /// first; the baselines start where the machine is.
    func predictedStart(target: Double, box: Box) -> [Double] {
        var start = current
        var predicts = false
        switch method {
        case .search: predicts = true
        case .policy: predicts = policyStart == .predicted
        case .bayesian, .nelderMead: predicts = false
        }
        if predicts, let previousTarget, let previousBox = try? machine.optimizationSpace(context: previousTarget) {
            for index in start.indices {
                start[index] += (box.low[index] + box.high[index]) / 2 - (previousBox.low[index] + previousBox.high[index]) / 2
            }
        }
        return box.clip(start)
    }

    /// What one search step carries to the next.
    struct SearchCarry {
        var placementSlope: Double?
        var driveSlope: Double?
        var aboveMargin = 0
    }

    /// One step of the contour search: cold (placement from passive-resonance readings, then the root) or
    /// warm from `start` (the previous operating point, bias moved along the tuning curve).
    static func search(target: Double, held: FixedContext<Machine>, start: [Double], cold: Bool, check: Bool, budget: Int,
                       carry: inout SearchCarry, events: inout [String],
                       measure: ([Double]) throws -> EvaluatedPoint) throws {
        var problem = OptimizationProblem(describing: held, initialPoint: start)
        // The placement reading (the passive resonance) belongs on this step's target.
        if var levelSet = problem.levelSet, var placement = levelSet.placement {
            placement.target = target
            levelSet.placement = placement
            problem.levelSet = levelSet
        }
        var options = ContourSearchOptions()
        options.warmStart = !cold
        options.checkPlacement = check
        if !cold {
            options.placementSlope = carry.placementSlope
            options.driveSlope = carry.driveSlope
        }
        var search = try ContourSearch(problem: problem, options: options)
        while search.progress.convergence == nil, search.progress.evaluationCount < budget {
            try search.ingest([try measure(try search.suggest(1)[0])])
        }
        if !cold, search.replaced { events.append("replaced") }
        if !cold, check { events.append("checked") }
        carry.placementSlope = search.placementSlope ?? carry.placementSlope
        carry.driveSlope = search.driveSlope ?? carry.driveSlope
        carry.aboveMargin += search.measurementsAboveMargin
    }

    /// Nelder–Mead from `start` (the baseline): adaptive, in a box of ±10 action steps about the start (±5 µA,
    /// ±5 dB, ±2 MHz, cut to the plant's box), initial edge 0.0125 of it, minimising what an operator without
    /// the least pump power would: P + 1 dB⁻¹ · max(0, (target − tolerance) − stable gain).
    static func nelderMead(held: FixedContext<Machine>, start: [Double], budget: Int,
                           measure: ([Double]) throws -> EvaluatedPoint) throws {
        let box = held.optimizationSpace
        let halfWidths = [5.0, 5.0, 5.0]
        let local = Box(low: (0..<3).map { max(start[$0] - halfWidths[$0], box.low[$0]) },
                        high: (0..<3).map { min(start[$0] + halfWidths[$0], box.high[$0]) })
        let bound = held.constraints.first?.lowerBound ?? 0
        var options = NelderMeadOptions()
        options.initialStep = 0.0125
        var optimizer = try NelderMead(problem: OptimizationProblem(space: local, initialPoint: start), options: options)
        while optimizer.progress.evaluationCount < budget, optimizer.progress.convergence == nil {
            let point = try measure(try optimizer.suggest(1)[0])
            let gain = point.evaluation.constraints.first ?? -.infinity
            let penalty = point.parameters[1] + max(0, bound - gain)
            try optimizer.ingest([EvaluatedPoint(parameters: point.parameters, objective: penalty.isFinite ? penalty : 1e6)])
        }
    }

    /// The placement parameter's value putting the placement reading (the passive resonance) on `target`, from
    /// readings with the drive off starting at `start` and the known `slope` (Newton steps, at most three
    /// readings); nil when the plant declares no placement or a reading is missing (a trapped SQUID).
    static func placeBias(held: FixedContext<Machine>, start: [Double], target: Double, slope: Double,
                          measure: ([Double]) throws -> EvaluatedPoint) throws -> Double? {
        guard let levelSet = held.metadata.levelSet, let placement = levelSet.placement, slope != 0,
              let drive = held.parameterNames.firstIndex(of: levelSet.drive),
              let index = held.parameterNames.firstIndex(of: placement.parameter) else { return nil }
        let box = held.optimizationSpace
        var point = start
        point[drive] = box.low[drive]
        var value = start[index], slope = slope
        var previous: (value: Double, reading: Double)?
        for _ in 0..<3 {
            point[index] = value
            guard let reading = try measure(point).evaluation.observables[placement.observable], reading.isFinite else {
                return nil
            }
            // The secant through the last two readings once there are two (the tuning curve's slope changes
            // along the scan).
            if let previous, previous.value != value, previous.reading != reading {
                slope = (reading - previous.reading) / (value - previous.value)
            }
            previous = (value, reading)
            value = min(max(value + (target - reading) / slope, box.low[index]), box.high[index])
            if abs(target - reading) <= 3 * placement.resolution { break }
        }
        return value
    }

    /// The policy from a predicted start (``PolicyStart/predicted``): one reading at `predicted`; while it is not
    /// an operating point by the episode's success test (gain within tolerance of the target, pump power within
    /// tolerance of the least), either the bias is placed again from passive-resonance readings (the reading
    /// was lost, or ``PolicyStart/replaceEvery`` actions passed without success; needs the tuning curve's slope) or the
    /// policy acts; one reading per action or placement, at most `budget` measurements in all. Events:
    /// "policy" when the policy acted, "replaced" when the bias was placed.
    static func runPolicy(_ policy: Policy, model: inout JPATuning, held: FixedContext<Machine>, from previous: Double,
                          to target: Double, predicted: [Double], box: Box, budget: Int, placementSlope: Double?,
                          events: inout [String], measure: ([Double]) throws -> EvaluatedPoint) throws {
        var spent = 0
        func take(_ point: [Double]) throws -> EvaluatedPoint {
            spent += 1
            return try measure(point)
        }
        try model.moveScan(from: previous, to: target)
        var reading = try take(box.clip(predicted))
        _ = try model.beginEpisode(at: reading.parameters, measured: reading.evaluation)
        // Scored as a step would be: the prediction may already be an operating point.
        var step = try model.transition(to: reading.parameters, measured: reading.evaluation)
        var action = [Double](repeating: 0, count: policy.actionCount)
        // Policy actions since the bias was last placed (the prediction counts as one: a lost first reading places).
        var actionsSincePlacement = 1
        while !step.terminated, spent < budget {
            let gain = reading.evaluation.observables["gain_db"] ?? .nan
            let lost = reading.evaluation.observables["unstable"] == 1 || !(gain >= model.options.targetGain - PolicyStart.lostGainDb)
            var placed: Double?
            if (lost && actionsSincePlacement > 0) || actionsSincePlacement >= PolicyStart.replaceEvery, budget - spent >= 2,
               let slope = placementSlope {
                // Tried once per lost spell: a missing reading (a trapped SQUID) leaves it to the policy.
                actionsSincePlacement = 0
                placed = try placeBias(held: held, start: reading.parameters, target: target, slope: slope, measure: take)
            }
            if let placed, spent < budget {
                var point = reading.parameters
                point[0] = placed
                if !events.contains("replaced") { events.append("replaced") }
                reading = try take(box.clip(point))
            } else if spent < budget {
                _ = policy.act(step.observation, into: &action)
                for index in action.indices { action[index] = min(max(action[index], -1), 1) }
                reading = try take(try model.settings(after: action, from: reading.parameters))
                if !events.contains("policy") { events.append("policy") }
                actionsSincePlacement += 1
            } else {
                break
            }
            step = try model.transition(to: reading.parameters, measured: reading.evaluation)
        }
    }

    /// The policy acting on the plant's RL view from where the machine is, as it was trained: the pump generator
    /// keeps its frequency (so the detuning from twice the new target grows by twice the step) and the
    /// observation's frequency step is the scan's. One reading at the start, then one per action, until the
    /// model judges the episode a success or `budget` measurements are spent.
    static func runPolicy(_ policy: Policy, model: inout JPATuning, from previous: Double, to target: Double,
                          start machine: [Double], box: Box, budget: Int,
                          measure: ([Double]) throws -> EvaluatedPoint) throws {
        try model.moveScan(from: previous, to: target)
        var start = machine
        start[2] += 2 * (previous - target) * 1000
        start = box.clip(start)
        let first = try measure(start)
        var observation = try model.beginEpisode(at: first.parameters, measured: first.evaluation).observation
        var here = first.parameters
        var action = [Double](repeating: 0, count: policy.actionCount)
        var spent = 1
        while spent < budget {
            _ = policy.act(observation, into: &action)
            for index in action.indices { action[index] = min(max(action[index], -1), 1) }
            let proposal = try model.settings(after: action, from: here)
            let point = try measure(proposal)
            here = point.parameters
            spent += 1
            let step = try model.transition(to: point.parameters, measured: point.evaluation)
            observation = step.observation
            if step.terminated { break }
        }
    }
}
