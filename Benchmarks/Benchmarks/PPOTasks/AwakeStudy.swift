import Foundation
import VernierCore
import VernierMath
import VernierNN
import VernierPlants

/// Steps to success on `awake/Steering-v1` for a trained policy, the inverse-response-matrix controller (two
/// ways of respecting the step limit) and the oracle lower bound, over the same seeded episodes.
///
/// Episode `i` is `reset(seed: seed + i)`, exactly as `vernier evaluate` runs it. For each episode:
/// - **oracle lower bound**: the fewest steps `n` after which *any* policy could have succeeded. After `n`
///   steps every corrector has moved by at most `n × action_scale_rad` (and stays within the corrector limit),
///   so `n` steps can succeed only if `min ‖R (k + k_err)‖ / √10 < success_rms_mm` over that box; the minimum
///   is a bounded-variable least-squares problem (``BoxLeastSquares``), solved exactly. It ignores the beam
///   loss an intermediate step could cause, so it is a lower bound, not necessarily reachable.
/// - **inverse response, clipped**: `a = clip(−R⁻¹ s / action_scale_rad, −1, 1)` per corrector;
/// - **inverse response, scaled**: the same `a` unclipped, so the plant divides it by `max|a|` (direction kept);
/// - **policy**: the policy file's deterministic action (its mean, clipped to [−1, 1] per element).
struct AwakeStudy {
    var episodes = 1000
    var seed: UInt64 = 1_000_000
    var policyPath: String?
    var optionsPath: String?

    /// What happened in one episode, per controller.
    struct EpisodeRecord: Encodable {
        var seed: UInt64
        /// Initial trajectory RMS (mm).
        var initialRmsMm: Double
        /// Largest |k_err| (rad).
        var largestMisalignmentRad: Double
        /// Smallest RMS (mm) reachable in one step (the bounded least-squares optimum).
        var bestOneStepRmsMm: Double
        /// The oracle lower bound (nil: not reachable at all within the corrector limits).
        var oracleSteps: Int?
        var inverseClippedSteps: Int?
        var inverseScaledSteps: Int?
        var policySteps: Int?
        /// How the policy's episode ended: success, beam_lost or truncated.
        var policyEnd: String?
        /// The policy's trajectory RMS (mm) after its first step.
        var policyFirstStepRmsMm: Double?
    }

    struct Report: Encodable {
        var plantId = "awake/Steering-v1"
        var episodes: Int
        var seed: UInt64
        var successRmsMm: Double
        var actionScaleRad: Double
        var maxEpisodeSteps: Int
        var policy: String?
        var policyProvenance: PolicyFile.Provenance?
        var oracleLowerBound: StepCountSummary
        var inverseResponseClipped: StepCountSummary
        var inverseResponseScaled: StepCountSummary
        var trainedPolicy: StepCountSummary?
        /// Episodes the policy ended by beam loss / truncation.
        var policyFailures: [String: Int]?
        /// Episodes where the policy took exactly the oracle's lower bound.
        var policyAtLowerBound: Int?
        /// Median over episodes of the one-step optimum RMS and of the policy's RMS after its first step (mm).
        var medianBestOneStepRmsMm: Double
        var medianPolicyFirstStepRmsMm: Double?
        var perEpisode: [EpisodeRecord]?
    }

    func run(includeEpisodes: Bool) throws -> Report {
        let options: AwakeSteering.Options
        if let optionsPath {
            options = try PlantOptions(contentsOf: URL(fileURLWithPath: optionsPath)).decode(AwakeSteering.Options.self)
        } else {
            options = AwakeSteering.Options()
        }
        let policy = try policyPath.map { path -> Policy in
            let file = try PolicyFile.load(from: URL(fileURLWithPath: path))
            try file.requirePlant("awake/Steering-v1")
            return try Policy(file)
        }
        var plant = try AwakeSteering(options: options)
        var records: [EpisodeRecord] = []
        for episode in 0..<episodes {
            let episodeSeed = seed &+ UInt64(episode)
            _ = try plant.reset(seed: episodeSeed, options: nil)
            // Every controller starts from the same scenario: a copy of the plant just after the reset.
            let start = plant
            let (oracle, bestOneStep) = try oracleSteps(start)
            var record = EpisodeRecord(
                seed: episodeSeed, initialRmsMm: 1000 * Statistics.rootMeanSquare(start.lastReadings),
                largestMisalignmentRad: start.misalignmentKicks.map(abs).max() ?? 0,
                bestOneStepRmsMm: bestOneStep, oracleSteps: oracle)
            record.inverseClippedSteps = try inverseResponseSteps(start, clipComponents: true)
            record.inverseScaledSteps = try inverseResponseSteps(start, clipComponents: false)
            if let policy {
                let outcome = try policySteps(start, policy: policy)
                record.policySteps = outcome.steps
                record.policyEnd = outcome.end
                record.policyFirstStepRmsMm = outcome.firstStepRms
            }
            records.append(record)
        }
        var report = Report(
            episodes: episodes, seed: seed, successRmsMm: options.successRMS, actionScaleRad: options.actionScale,
            maxEpisodeSteps: options.maxEpisodeSteps, policy: policyPath, policyProvenance: policy?.file.provenance,
            oracleLowerBound: StepCountSummary(records.map(\.oracleSteps)),
            inverseResponseClipped: StepCountSummary(records.map(\.inverseClippedSteps)),
            inverseResponseScaled: StepCountSummary(records.map(\.inverseScaledSteps)),
            medianBestOneStepRmsMm: Statistics.median(records.map(\.bestOneStepRmsMm)))
        if policy != nil {
            report.trainedPolicy = StepCountSummary(records.map(\.policySteps))
            var failures: [String: Int] = [:]
            for record in records where record.policyEnd != "success" { failures[record.policyEnd ?? "?", default: 0] += 1 }
            report.policyFailures = failures
            report.policyAtLowerBound = records.filter { $0.policySteps == $0.oracleSteps }.count
            report.medianPolicyFirstStepRmsMm = Statistics.median(records.compactMap(\.policyFirstStepRmsMm))
        }
        if includeEpisodes { report.perEpisode = records }
        return report
    }

    /// The oracle lower bound on steps for the scenario of `plant`, and the best RMS (mm) one step can reach.
    func oracleSteps(_ plant: AwakeSteering) throws -> (steps: Int?, bestOneStepRmsMm: Double) {
        let options = plant.options
        let monitors = plant.monitorCount
        let response = Matrix(rows: monitors, columns: plant.correctorCount, elements: plant.machineResponse)
        // Readings at settings k are R k + R k_err: minimise ‖R k − (−R k_err)‖ over the reachable box.
        let target = Self.product(plant.machineResponse, plant.misalignmentKicks, rows: monitors).map { -$0 }
        let threshold = options.successRMS / 1000
        var bestOneStep = Double.nan
        var steps = 1
        while true {
            let reach = min(Double(steps) * options.actionScale, options.correctorLimit)
            let problem = BoxLeastSquares(
                matrix: response, target: target,
                low: Array(repeating: -reach, count: plant.correctorCount),
                high: Array(repeating: reach, count: plant.correctorCount))
            let rms = try problem.solve().residualNorm / Double(monitors).squareRoot()
            if steps == 1 { bestOneStep = 1000 * rms }
            if rms < threshold { return (steps, bestOneStep) }
            // Once the whole corrector range is reachable, more steps cannot help.
            if reach >= options.correctorLimit { return (nil, bestOneStep) }
            steps += 1
        }
    }

    /// Steps to success of the inverse-response controller from the scenario of `plant` (nil: failed).
    func inverseResponseSteps(_ plant: AwakeSteering, clipComponents: Bool) throws -> Int? {
        var plant = plant
        let response = plant.designResponse.matrix
        var readings = plant.lastReadings
        for stepIndex in 1...plant.options.maxEpisodeSteps {
            // a = −R⁻¹ s, s in metres, a in units of the action scale.
            var action = try response.solve(readings).map { -$0 / plant.options.actionScale }
            if clipComponents { action = action.map { min(max($0, -1), 1) } }
            let step = try plant.step(action)
            readings = step.observation.map { $0 / AwakeSteering.observationPerMetre }
            if step.info.isSuccess == true { return stepIndex }
            if step.isDone { return nil }
        }
        return nil
    }

    /// Steps to success of `policy` from the scenario of `plant`, how the episode ended, and the RMS (mm) after
    /// the first step.
    func policySteps(_ plant: AwakeSteering, policy: Policy) throws -> (steps: Int?, end: String, firstStepRms: Double) {
        var plant = plant
        var observation = plant.lastReadings.map { min(max($0 * AwakeSteering.observationPerMetre, -1), 1) }
        var action = Array(repeating: 0.0, count: policy.actionCount)
        var firstStepRms = Double.nan
        for stepIndex in 1...plant.options.maxEpisodeSteps {
            policy.act(observation, into: &action)
            let step = try plant.step(action)
            observation = step.observation
            if stepIndex == 1 { firstStepRms = 1000 * Statistics.rootMeanSquare(plant.lastReadings) }
            if step.info.isSuccess == true { return (stepIndex, "success", firstStepRms) }
            if step.terminated { return (nil, "beam_lost", firstStepRms) }
            if step.truncated { return (nil, "truncated", firstStepRms) }
        }
        return (nil, "truncated", firstStepRms)
    }

    static func product(_ matrix: [Double], _ vector: [Double], rows: Int) -> [Double] {
        let columns = vector.count
        return (0..<rows).map { row in (0..<columns).reduce(0.0) { $0 + matrix[row * columns + $1] * vector[$1] } }
    }
}
