import ArgumentParser
import Foundation
import VernierCore
import VernierModbus
import VernierOptimize
import VernierStore

/// One tuning run: the optimiser's ask/tell loop through the safety envelope, each evaluation committed to the
/// run store (with the optimiser's state) before the next point goes to the plant.
enum TuneSession {
    /// How the run ended and what it found.
    struct Outcome {
        var status: RunStatus
        var stopReason: StopReason?
        var restore: RestoreReport?
        var error: String?
        var objectiveName: String
        var parameterNames: [String]
        /// The infeasible evaluation closest to feasibility, reported when none was feasible.
        var closest: EvaluatedPoint?
    }

    /// The machine's starting point for a run with `seed` (a simulation draws its scenario from the seed).
    ///
    /// - Throws: the device's own error when a Modbus device does not answer (a failed run, exit 1), and a
    ///   `ValidationError` (exit 64) when the plant refuses its options or seed.
    static func initialPoint(of plant: inout any SingleOptimizable, seed: UInt64) throws -> [Double] {
        do {
            return try plant.initialParameters(seed: seed)
        } catch let error as ModbusError {
            throw error
        } catch let error as DevicePlantError {
            throw error
        } catch {
            throw ValidationError("cannot read the plant's initial point: \(error)")
        }
    }

    /// A run ready to drive: the plant and the optimiser, each built once by the command.
    struct Setup {
        var recipe: TuneRecipe
        var run: Run
        var resumption: RunResumption?
        var plant: any SingleOptimizable
        var optimizer: AnyOptimizer
        /// Where the optimiser starts (the recipe's, so a resumed run starts where the original did).
        var machineStart: [Double]
    }

    /// Runs the session in a child task that SIGINT/SIGTERM cancel, and records how it ended.
    static func run(_ setup: Setup, store: RunStore, showProgress: Bool) async throws -> Outcome {
        let progress = TerminalProgress(enabled: showProgress)
        let outcome = try await CancellableRun.run(onSignal: { _, count in
            if count == 1 {
                progress.note("stopping after this evaluation; the machine will be restored…")
            } else {
                progress.note("still restoring the machine; it will stop as soon as that is done")
            }
        }) {
            var plant = setup.plant
            return try await drive(&plant, setup: setup, store: store, progress: progress)
        }
        progress.finish()
        return outcome
    }

    /// The loop, generic so that the envelope works on the concrete plant type.
    static func drive<Plant: SingleOptimizable>(
        _ plant: inout Plant, setup: Setup, store: RunStore, progress: TerminalProgress
    ) async throws -> Outcome {
        defer { try? plant.close() }
        let recipe = setup.recipe, run = setup.run
        var outcome = Outcome(status: .running, objectiveName: plant.objectiveName, parameterNames: plant.parameterNames)
        do {
            let initialPoint = setup.machineStart
            var limits = recipe.configuration.safety.limits(space: plant.optimizationSpace, dryRun: recipe.dryRun)
            // Where the machine is: what a cancelled or failed run restores. A simulation is at its scenario's
            // start; a device is wherever it is, and its map's bounds and max_step tighten the operator's limits.
            var machinePoint = initialPoint
            var describeWrite: (WriteRecord) -> String = {
                "dry run: would write \(Format.vector($0.parameters, digits: 6)) (\($0.purpose.rawValue))"
            }
            if let device = try ModbusBackend.deviceSetup(for: plant, limits: limits) {
                (limits, machinePoint, describeWrite) = device
            }
            var envelope = try SafetyEnvelope(plant: plant, limits: limits, initialPoint: machinePoint)
            if recipe.dryRun {
                envelope.onWrite = { progress.note(describeWrite($0)) }
            }
            var optimizer = setup.optimizer
            let stopping = StoppingConditions(
                maxEvaluations: recipe.budget, targetObjective: recipe.configuration.stopping.targetObjective,
                stagnation: recipe.configuration.stopping.stagnation)
            var summary = run.summary
            var stopReason: StopReason?
            do {
                let (_, restore) = try await envelope.run { envelope in
                    while true {
                        if let reason = stopping.stopReason(for: optimizer.progress) {
                            stopReason = reason
                            return
                        }
                        try Task.checkCancellation()
                        guard let proposal = try optimizer.suggest(1).first else {
                            throw OptimizerError.invalidProblem(["the optimiser proposed no point"])
                        }
                        let started = DispatchTime.now().uptimeNanoseconds
                        let evaluation = try envelope.evaluate(proposal)
                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                        let point = EvaluatedPoint(parameters: envelope.lastTarget ?? proposal, evaluation: evaluation)
                        try optimizer.ingest([point])
                        let feasible = evaluation.isFeasible(under: envelope.plant.constraints)
                        let index = optimizer.progress.evaluationCount - 1
                        summary = summary.updated(afterEvaluation: index, parameters: point.parameters,
                                                  objective: evaluation.objective, isFeasible: feasible)
                        try store.appendEvaluation(
                            to: run.id, parameters: point.parameters, evaluation: evaluation, wallTime: seconds,
                            isFeasible: feasible, summary: summary, checkpoint: try optimizer.checkpoint())
                        progress.show(progressLine(index: index + 1, budget: recipe.budget, last: evaluation.objective,
                                                   best: summary.bestObjective, unit: envelope.plant.objectiveName),
                                      force: index + 1 == recipe.budget)
                    }
                }
                outcome.restore = restore
                outcome.status = .completed
                outcome.stopReason = stopReason
                outcome.closest = optimizer.progress.closest
                try store.finishRun(run.id, outcome: .completed, message: stopReason?.description, summary: summary)
            } catch let aborted as AbortedRun {
                // A device that dropped out is waited for and restored (or said clearly that it could not be).
                outcome.restore = ModbusBackend.restoreAfterAbort(
                    aborted, machine: envelope.plant, timeout: recipe.configuration.safety.restoreTimeout,
                    note: progress.note)
                outcome.status = aborted.outcome == .cancelled ? .cancelled : .failed
                outcome.error = aborted.outcome == .cancelled ? nil : "\(aborted.underlying)"
                try store.finishRun(run.id, outcome: aborted.outcome, message: aborted.description, summary: summary)
            }
            plant = envelope.plant
        } catch let error as ValidationError {
            try? store.finishRun(run.id, outcome: .failed, message: error.message)
            throw error
        } catch {
            // The envelope could not start (bad limits, a start outside them, an optimiser that refuses the
            // problem): nothing was written.
            outcome.status = .failed
            outcome.error = "\(error)"
            try store.finishRun(run.id, outcome: .failed, message: "\(error)")
        }
        return outcome
    }

    /// The recipe's optimiser settings, with the plant's residual readings as dfols's residuals when the
    /// configuration names none (AWAKE and synthetic steering: their BPMs).
    static func optimizerConfiguration(_ recipe: TuneRecipe, _ plant: some SingleOptimizable) -> OptimizerConfiguration {
        var configuration = recipe.configuration.optimizer
        if configuration.leastSquares.residuals.isEmpty, let residuals = plant.metadata.residualObservables {
            configuration.leastSquares.residuals = residuals
        }
        return configuration
    }

    static func makeOptimizer(
        recipe: TuneRecipe, plant: some SingleOptimizable, initialPoint: [Double], resumption: RunResumption?
    ) throws -> AnyOptimizer {
        guard let resumption else {
            let problem = OptimizationProblem(describing: plant, initialPoint: initialPoint,
                                              within: recipe.configuration.safety)
            return try AnyOptimizer(kind: recipe.optimizer, problem: problem,
                                    configuration: optimizerConfiguration(recipe, plant), seed: recipe.optimizerSeed)
        }
        var optimizer: AnyOptimizer
        var ingested = 0
        if let checkpoint = resumption.checkpoint {
            optimizer = try AnyOptimizer(checkpoint: checkpoint.state)
            ingested = checkpoint.sequence + 1
        } else {
            let problem = OptimizationProblem(describing: plant, initialPoint: initialPoint,
                                              within: recipe.configuration.safety)
            optimizer = try AnyOptimizer(kind: recipe.optimizer, problem: problem,
                                         configuration: optimizerConfiguration(recipe, plant), seed: recipe.optimizerSeed)
        }
        // Evaluations recorded after the last checkpoint (none, when each evaluation carries one) are told to
        // the optimiser again, so it continues from everything the store holds.
        for record in resumption.evaluations where record.index >= ingested {
            let evaluation = Evaluation(objective: record.objective, constraints: record.constraints,
                                        observables: record.observables)
            try optimizer.ingest([EvaluatedPoint(parameters: record.parameters, evaluation: evaluation)])
        }
        return optimizer
    }

    static func progressLine(index: Int, budget: Int, last: Double, best: Double?, unit: String) -> String {
        let bestText = best.map { Format.number($0, digits: 5) } ?? "none feasible"
        return "evaluation \(index)/\(budget)  last \(Format.number(last, digits: 5))  best \(bestText)  [\(unit)]"
    }

    // MARK: - Output

    static func report(_ outcome: Outcome, run: RunID, recipe: TuneRecipe, store: RunStore, location: String) throws -> TuneReport {
        let records = try store.evaluations(of: run)
        let summary = try store.run(run).summary
        return TuneReport(
            runID: run.description, status: outcome.status.rawValue, plant: recipe.plantLabel,
            optimizer: recipe.optimizer.rawValue, objectiveName: outcome.objectiveName,
            parameterNames: outcome.parameterNames, bestObjective: summary.bestObjective,
            bestParameters: summary.bestParameters, stopReason: outcome.stopReason?.description ?? outcome.error,
            restore: outcome.restore, dryRun: recipe.dryRun, store: location,
            evaluations: records.map(EvaluationJSON.init))
    }

    static func printSummary(_ report: TuneReport, outcome: Outcome) {
        print("run \(report.runID): \(report.plant) with \(report.optimizer), \(report.evaluations.count) evaluations — \(report.status)")
        if let reason = report.stopReason { print("  \(outcome.status == .completed ? "stopped" : "reason"): \(reason)") }
        if let best = report.bestObjective, let parameters = report.bestParameters {
            let start = report.evaluations.first.map { " (first evaluation: \(Format.number($0.objective, digits: 6)))" } ?? ""
            print("  best \(report.objectiveName): \(Format.number(best, digits: 6))\(start)")
            for (name, value) in zip(report.parameterNames, parameters) {
                print("    \(name) = \(Format.number(value, digits: 6))")
            }
        } else {
            print("  no feasible point found")
            if let closest = outcome.closest {
                print("  closest: \(Format.vector(closest.parameters, digits: 6)), constraints \(Format.vector(closest.evaluation.constraints, digits: 4))")
            }
        }
        if let restore = report.restore {
            let verb = restore.restored ? "left at" : "could NOT be moved to"
            print("  machine \(verb) its \(restore.target.rawValue) point\(restore.error.map { " (\($0))" } ?? "")")
        }
        print("  stored in \(report.store); see `vernier runs show \(report.runID)`"
              + (outcome.status == .cancelled ? ", continue with `vernier tune --resume \(report.runID)`" : ""))
    }
}
