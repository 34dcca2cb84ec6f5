import Foundation
import VernierCore
import VernierStore

/// Commits a scan to the run store as it goes: every measurement (with its step and target as observables)
/// before the next move, and after each step a checkpoint holding every operating point so far.
struct ScanRecorder {
    let store: RunStore
    let run: RunID
    let constraints: [Constraint]

    func record(step: Int, target: Double, parameters: [Double], evaluation: Evaluation) throws {
        var stored = evaluation
        stored.observables["scan_step"] = Double(step)
        stored.observables["target_frequency_ghz"] = target
        try store.appendEvaluation(to: run, parameters: parameters, evaluation: stored, wallTime: 0,
                                   isFeasible: evaluation.isFeasible(under: constraints))
    }

    func commit(_ steps: [ScanStep]) throws {
        try store.saveCheckpoint(encoding: steps, sequence: steps.count - 1, of: run)
        // Each checkpoint holds every step so far: the latest is the whole record.
        try store.pruneCheckpoints(of: run, keepingLatest: 1)
    }

    /// The run's summary: the last operating point, and the scan's figures as metrics.
    func runSummary(_ summary: ScanSummary) -> RunSummary {
        var metrics: [String: Double] = [
            "steps": Double(summary.steps), "total_measurements": Double(summary.totalMeasurements),
            "steps_within_half_db": Double(summary.stepsWithinHalfDb), "replacements": Double(summary.replacements),
            "flux_trap_events": Double(summary.fluxTrapEvents),
        ]
        if let median = summary.medianMeasurementsPerStep { metrics["median_measurements_per_step"] = median }
        let last = summary.stepRecords?.last { $0.feasible }
        return RunSummary(bestObjective: last?.pumpPowerDbm,
                          bestParameters: last.flatMap { step in step.fluxBiasUa.map { [$0, step.pumpPowerDbm ?? .nan, step.pumpDetuningMhz ?? .nan] } },
                          metrics: metrics)
    }
}
