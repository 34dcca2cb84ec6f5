import Foundation
import VernierCore
import VernierMath
import VernierNN
import VernierOptimize
import VernierPlants

/// Measurements to reach the target gain at each new frequency step of a JPA scan: a trained policy against
/// Nelder–Mead, from the same starting point, on `jpa/Tuning-v1`.
///
/// **The scan.** Scan `j` starts with `reset(seed: seed + j)` (a random first target and flux offset) and
/// continues with `reset(seed: nil)` for `stepsPerScan` consecutive frequency steps, each 0.2–0.5 MHz down the
/// tuning range (wrapping to the top at the bottom). The scan plant itself is never acted on, so the sequence
/// of targets, offsets and starting points depends on the seed alone, not on the controllers.
///
/// **The start.** At each frequency step the instrument sits at the previous target's least-pump operating
/// point (the plant's RL reset). Each controller works on its own copy of the plant in exactly that state.
///
/// **Counting.** Measurements are gain readings at the new target, *including the one at the starting point*:
/// the reset's reading for the policy, Nelder–Mead's first evaluation (its first simplex vertex is the start).
///
/// **Reached.** The first measurement at which the amplifier is stable, the *measured* gain at the target is
/// within `gain_tolerance_db` (0.5 dB) of `target_gain_db` (20 dB), and the pump power is at most
/// `power_tolerance_db` (0.5 dB) above the least pump power that reaches 20 dB at that target — the plant's
/// own `is_success`, applied identically to both. A controller that has not reached it after `budget`
/// measurements counts as a failure (+∞ in the medians).
///
/// **Nelder–Mead.** VernierOptimize's adaptive Nelder–Mead, started at the same point, in a box of
/// ±`boxHalfWidthInSteps` action steps per parameter about it (±5 µA, ±5 dB, ±2 MHz with the defaults, cut to
/// the plant's box), so that its initial simplex edge, `initialStep` × the box width, is comparable to a
/// policy step. Two objectives: `cost`, the policy's training cost (minus the plant's reward: w_g·|G − 20| +
/// w_p·max(0, P − P_min) + c, using the analytic P_min exactly as the reward does), and `penalty`, what an
/// operator without P_min would minimise: P + 1 dB⁻¹·max(0, 19.5 dB − stable gain) (the plant's objective and
/// constraint).
struct JPAComparison {
    var policyPath: String
    var scans = 5
    var stepsPerScan = 100
    var seed: UInt64 = 1
    var budget = 100
    var optionsPath: String?
    var initialSteps: [Double] = [0.00625, 0.0125, 0.025, 0.05, 0.1]
    var boxHalfWidthInSteps = 10.0

    /// What Nelder–Mead minimises.
    enum Objective: String, CaseIterable, Encodable {
        /// The policy's training cost (minus the reward).
        case cost
        /// Pump power plus a penalty on the gain constraint.
        case penalty
    }

    struct FrequencyStep: Encodable {
        var scan: Int
        var index: Int
        var targetGhz: Double
        var stepMhz: Double
        var policyMeasurements: Int?
        /// Keyed by Nelder–Mead variant name.
        var nelderMeadMeasurements: [String: Int?]
    }

    struct ScanSummary: Encodable {
        var scan: Int
        var seed: UInt64
        var firstTargetGhz: Double
        var lastTargetGhz: Double
        var policy: StepCountSummary
        var nelderMead: [String: StepCountSummary]
    }

    struct PairedComparison: Encodable {
        var against: String
        /// Frequency steps where the policy needed fewer / as many / more measurements (a failure counts as +∞).
        var policyFewer: Int
        var equal: Int
        var policyMore: Int
    }

    struct Report: Encodable {
        var plantId = "jpa/Tuning-v1"
        var policy: String
        var policyProvenance: PolicyFile.Provenance
        var definition: String
        var scans: Int
        var stepsPerScan: Int
        var budget: Int
        var boxHalfWidthInSteps: Double
        var policyAll: StepCountSummary
        var nelderMeadAll: [String: StepCountSummary]
        var bestNelderMead: String
        var paired: PairedComparison
        var perScan: [ScanSummary]
        /// Steps where the reached-test on the policy's observation and the plant's `is_success` disagreed (0).
        var criterionDisagreements: Int
        var perStep: [FrequencyStep]?
    }

    static let definition = "measurements at the new target, counting the reading at the starting point, up to and "
        + "including the first with the amplifier stable, |G_measured − 20 dB| ≤ 0.5 dB and P ≤ P_min + 0.5 dB "
        + "(the plant's is_success); +∞ if not within the budget"

    func variants() -> [(name: String, objective: Objective, initialStep: Double)] {
        Objective.allCases.flatMap { objective in
            initialSteps.map { step in ("nelder-mead-\(objective.rawValue)-step\(step)", objective, step) }
        }
    }

    func run(includeSteps: Bool) throws -> Report {
        let options: JPATuning.Options
        if let optionsPath {
            options = try PlantOptions(contentsOf: URL(fileURLWithPath: optionsPath)).decode(JPATuning.Options.self)
        } else {
            options = JPATuning.Options()
        }
        let file = try PolicyFile.load(from: URL(fileURLWithPath: policyPath))
        try file.requirePlant("jpa/Tuning-v1")
        let policy = try Policy(file)
        let variants = variants()
        var records: [FrequencyStep] = []
        var scanSummaries: [ScanSummary] = []
        var disagreements = 0
        for scan in 0..<scans {
            var plant = try JPATuning(options: options)
            var scanRecords: [FrequencyStep] = []
            for index in 0..<stepsPerScan {
                let reset = try plant.reset(seed: index == 0 ? seed &+ UInt64(scan) : nil, options: nil)
                var record = FrequencyStep(
                    scan: scan, index: index, targetGhz: plant.targetFrequency,
                    stepMhz: (plant.previousTargetFrequency - plant.targetFrequency) * 1000,
                    policyMeasurements: nil, nelderMeadMeasurements: [:])
                let outcome = try policyMeasurements(plant, observation: reset.observation, policy: policy)
                record.policyMeasurements = outcome.measurements
                disagreements += outcome.disagreements
                for variant in variants {
                    record.nelderMeadMeasurements[variant.name] = try nelderMeadMeasurements(
                        plant, objective: variant.objective, initialStep: variant.initialStep)
                }
                scanRecords.append(record)
            }
            scanSummaries.append(ScanSummary(
                scan: scan, seed: seed &+ UInt64(scan), firstTargetGhz: scanRecords.first?.targetGhz ?? .nan,
                lastTargetGhz: scanRecords.last?.targetGhz ?? .nan,
                policy: StepCountSummary(scanRecords.map(\.policyMeasurements)),
                nelderMead: Dictionary(uniqueKeysWithValues: variants.map { variant in
                    (variant.name, StepCountSummary(scanRecords.map { $0.nelderMeadMeasurements[variant.name] ?? nil }))
                })))
            records += scanRecords
        }
        let nelderMeadAll = Dictionary(uniqueKeysWithValues: variants.map { variant in
            (variant.name, StepCountSummary(records.map { $0.nelderMeadMeasurements[variant.name] ?? nil }))
        })
        // The best Nelder–Mead: lowest censored median, then highest success rate, then lowest mean.
        let best = variants.map(\.name).min { a, b in
            let x = nelderMeadAll[a], y = nelderMeadAll[b]
            let keyX = (x?.medianOfAll ?? .infinity, -(x?.successRate ?? 0), x?.meanOfSuccesses ?? .infinity)
            let keyY = (y?.medianOfAll ?? .infinity, -(y?.successRate ?? 0), y?.meanOfSuccesses ?? .infinity)
            return keyX < keyY
        } ?? ""
        var paired = PairedComparison(against: best, policyFewer: 0, equal: 0, policyMore: 0)
        for record in records {
            let mine = record.policyMeasurements ?? Int.max
            let theirs = (record.nelderMeadMeasurements[best] ?? nil) ?? Int.max
            if mine < theirs { paired.policyFewer += 1 } else if mine == theirs { paired.equal += 1 } else { paired.policyMore += 1 }
        }
        return Report(
            policy: policyPath, policyProvenance: file.provenance, definition: Self.definition, scans: scans,
            stepsPerScan: stepsPerScan, budget: budget, boxHalfWidthInSteps: boxHalfWidthInSteps,
            policyAll: StepCountSummary(records.map(\.policyMeasurements)), nelderMeadAll: nelderMeadAll,
            bestNelderMead: best, paired: paired, perScan: scanSummaries, criterionDisagreements: disagreements,
            perStep: includeSteps ? records : nil)
    }

    /// Whether a reading meets the target (see the type's documentation).
    static func reached(gain: Double, unstable: Bool, pumpPower: Double, minimumPumpPower: Double,
                        options: JPATuning.Options) -> Bool {
        !unstable && abs(gain - options.targetGain) <= options.gainTolerance
            && pumpPower <= minimumPumpPower + options.powerTolerance
    }

    /// Measurements the policy needs from the state of `plant` (just reset, `observation` its reading).
    func policyMeasurements(_ plant: JPATuning, observation start: [Double], policy: Policy) throws
        -> (measurements: Int?, disagreements: Int)
    {
        var plant = plant
        let options = plant.options
        func reachedNow(_ observation: [Double]) -> Bool {
            // Observation 0 is (G − target)/10 dB, clipped to [−1, 1]; 5 is the unstable flag.
            Self.reached(gain: options.targetGain + JPATuning.gainErrorCap * observation[0], unstable: observation[5] == 1,
                         pumpPower: plant.settings[1], minimumPumpPower: plant.minimumPumpPower, options: options)
        }
        if reachedNow(start) { return (1, 0) }
        var observation = start
        var action = Array(repeating: 0.0, count: policy.actionCount)
        var disagreements = 0
        for measurement in 2...max(budget, 2) {
            policy.act(observation, into: &action)
            // The plant's time limit is ignored: the policy gets the same budget as Nelder–Mead.
            let step = try plant.step(action)
            observation = step.observation
            let reached = reachedNow(observation)
            if reached != (step.info.isSuccess == true) { disagreements += 1 }
            if reached { return (measurement, disagreements) }
        }
        return (nil, disagreements)
    }

    /// Measurements Nelder–Mead needs from the state of `plant` (just reset).
    func nelderMeadMeasurements(_ plant: JPATuning, objective: Objective, initialStep: Double) throws -> Int? {
        var plant = plant
        let options = plant.options
        let start = plant.settings
        let target = plant.targetFrequency
        let space = plant.optimizationSpace
        let stepSizes = [options.maxBiasStep, options.maxPowerStep, options.maxDetuningStep]
        let box = Box(
            low: (0..<3).map { max(space.low[$0], start[$0] - boxHalfWidthInSteps * stepSizes[$0]) },
            high: (0..<3).map { min(space.high[$0], start[$0] + boxHalfWidthInSteps * stepSizes[$0]) })
        var optimizer = try NelderMead(
            problem: OptimizationProblem(space: box, parameterNames: JPATuning.parameterNames,
                                         objectiveName: objective.rawValue, initialPoint: start),
            options: NelderMeadOptions(initialStep: initialStep))
        for measurement in 1...budget {
            guard let point = try optimizer.suggest(1).first else { return nil }
            let evaluation = try plant.evaluate(point, context: target)
            let gain = evaluation.observables["gain_db"] ?? .nan
            let unstable = evaluation.observables["unstable"] == 1
            if Self.reached(gain: gain, unstable: unstable, pumpPower: point[1],
                            minimumPumpPower: plant.minimumPumpPower, options: options) {
                return measurement
            }
            let value: Double
            switch objective {
            case .cost:
                let gainError = unstable ? JPATuning.gainErrorCap : min(abs(gain - options.targetGain), JPATuning.gainErrorCap)
                value = options.rewardGainWeight * gainError
                    + options.rewardPowerWeight * max(0, point[1] - plant.minimumPumpPower) + options.rewardMeasurementCost
            case .penalty:
                let constraint = evaluation.constraints.first ?? -.infinity
                value = point[1] + max(0, options.targetGain - options.gainTolerance - constraint)
            }
            try optimizer.ingest([EvaluatedPoint(parameters: point, objective: value)])
        }
        return nil
    }
}
