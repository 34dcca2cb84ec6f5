import ArgumentParser
import Foundation
import VernierCore
import VernierOptimize
import VernierStore

/// One worker of a shared study (`vernier tune … --study NAME`): several processes, on one machine or many,
/// work on one optimisation kept in the run store. Each takes the study's next point under the store's lock (the
/// shared optimiser treats the points other workers are evaluating as pending), evaluates it outside any
/// transaction, records it in its own run (so `runs` and `report` work) and in the study, until the study has its
/// budget of done points. A worker that dies leaves its point to be handed out again once its lease runs out.
enum StudySession {
    /// How long a worker waits before asking again when the rest of the budget is pending with others (seconds).
    static let waitSeconds = 0.1

    /// The optimisers that can share a study: those that treat outstanding points as pending.
    static var sharableOptimizers: [OptimizerKind] {
        OptimizerKind.allCases.filter { $0.capabilities.supportsBatch }
    }

    /// Refuses what cannot be shared, with the fix.
    static func check(optimizer: OptimizerKind, backend: BackendOptions.Kind, resume: String?, dryRun: Bool) throws {
        guard resume == nil else {
            throw ValidationError("--study and --resume do not go together: a worker that stopped rejoins the study by running the same `vernier tune … --study NAME` again")
        }
        guard backend != .modbus else {
            throw ValidationError("--study shares one optimisation between several workers evaluating in parallel; a single real machine (--backend modbus) cannot evaluate two points at once. Only simulated plants and --objective-cmd may be shared: tune the device with one `vernier tune` without --study")
        }
        guard !dryRun else { throw ValidationError("--dry-run evaluates nothing, so it cannot work on a --study") }
        guard optimizer.capabilities.supportsBatch else {
            let names = sharableOptimizers.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--optimizer \(optimizer.rawValue) is sequential: it cannot treat the points other workers are evaluating as pending, so it cannot share a --study. Use one of: \(names)")
        }
    }

    /// The worker's name in the study: `host:pid`.
    static var workerName: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Works on the study `name` until it has its budget of done points (or the worker is cancelled).
    static func run(_ setup: TuneSession.Setup, study name: String, leaseSeconds: Double, store: RunStore,
                    showProgress: Bool) async throws -> TuneSession.Outcome {
        let progress = TerminalProgress(enabled: showProgress)
        let recipe = setup.recipe
        let study: Int64
        do {
            study = try store.openStudy(name: name, plant: recipe.plantLabel, optimizer: recipe.optimizer.rawValue,
                                        seed: String(recipe.seed), budget: recipe.budget,
                                        initialState: try setup.optimizer.checkpoint())
        } catch RunStoreError.invalidRecord(let message) {
            // Another plant, optimiser, seed or budget than the study's: bad input, and this worker's run never started.
            var plant = setup.plant
            try? plant.close()
            try? store.finishRun(setup.run.id, outcome: .failed, message: message)
            throw ValidationError(message)
        }
        let outcome = try await CancellableRun.run(onSignal: { _, _ in
            progress.note("stopping after this evaluation…")
        }) {
            var plant = setup.plant
            return try await drive(&plant, setup: setup, study: study, leaseSeconds: leaseSeconds, store: store,
                                   progress: progress)
        }
        progress.finish()
        return outcome
    }

    /// The study as it stands: its done points, by all workers.
    static func report(study name: String, budget: Int, store: RunStore) throws -> StudyReport? {
        guard let study = try store.studyID(named: name) else { return nil }
        let done = try store.studyPoints(study).filter(\.isDone)
        let lowest = done.filter { $0.objective != nil }.min { ($0.objective ?? 0) < ($1.objective ?? 0) }
        return StudyReport(name: name, budget: budget, pointsDone: done.count,
                           workers: Set(done.compactMap(\.worker)).count, lowestObjective: lowest?.objective,
                           lowestParameters: lowest?.parameters)
    }

    static func drive<Plant: SingleOptimizable>(
        _ plant: inout Plant, setup: TuneSession.Setup, study: Int64, leaseSeconds: Double, store: RunStore,
        progress: TerminalProgress
    ) async throws -> TuneSession.Outcome {
        defer { try? plant.close() }
        let recipe = setup.recipe, run = setup.run, worker = workerName
        var outcome = TuneSession.Outcome(status: .running, objectiveName: plant.objectiveName,
                                          parameterNames: plant.parameterNames)
        var summary = run.summary
        do {
            let limits = recipe.configuration.safety.limits(space: plant.optimizationSpace, dryRun: false)
            var envelope = try SafetyEnvelope(plant: plant, limits: limits, initialPoint: setup.machineStart)
            do {
                let (_, restore) = try await envelope.run { envelope in
                    var ownCount = 0
                    while true {
                        try Task.checkCancellation()
                        let claim: StudyClaim
                        do {
                            claim = try store.claimStudyPoint(study: study, worker: worker, leaseSeconds: leaseSeconds) { state in
                                var optimizer = try AnyOptimizer(checkpoint: state)
                                guard let proposal = try optimizer.suggest(1).first else {
                                    throw OptimizerError.invalidProblem(["the optimiser proposed no point"])
                                }
                                return (try optimizer.checkpoint(), proposal)
                            }
                        } catch RunStoreError.busy {
                            continue // other workers held the study for longer than the busy timeout: ask again
                        }
                        let point: StudyPoint
                        switch claim {
                        case .finished: return
                        case .wait:
                            try await Task.sleep(nanoseconds: UInt64(waitSeconds * 1e9))
                            continue
                        case .point(let claimed): point = claimed
                        }
                        let started = DispatchTime.now().uptimeNanoseconds
                        // The lease is renewed every third of it while the point is evaluated, so a slow
                        // evaluation keeps its point; only a dead worker's lease runs out.
                        let renewal = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "vernier.study.lease"))
                        renewal.schedule(deadline: .now() + leaseSeconds / 3, repeating: leaseSeconds / 3)
                        renewal.setEventHandler {
                            _ = try? store.renewStudyLease(on: point, worker: worker, leaseSeconds: leaseSeconds)
                        }
                        renewal.resume()
                        let evaluation: Evaluation
                        do {
                            defer { renewal.cancel() }
                            evaluation = try envelope.evaluate(point.parameters)
                        }
                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                        let evaluated = EvaluatedPoint(parameters: envelope.lastTarget ?? point.parameters,
                                                       evaluation: evaluation)
                        let evaluationJSON = (try? JSONEncoder().encode(evaluation)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                        var accepted = false
                        while true {
                            do {
                                accepted = try store.completeStudyPoint(
                                    point, worker: worker, objective: evaluation.objective,
                                    evaluationJSON: evaluationJSON, run: run.id) { state in
                                    var optimizer = try AnyOptimizer(checkpoint: state)
                                    try optimizer.ingest([evaluated])
                                    return try optimizer.checkpoint()
                                }
                                break
                            } catch RunStoreError.busy {
                                continue
                            }
                        }
                        // A point whose lease ran out and that another worker took is theirs to record.
                        guard accepted else { continue }
                        let feasible = evaluation.isFeasible(under: envelope.plant.constraints)
                        summary = summary.updated(afterEvaluation: ownCount, parameters: evaluated.parameters,
                                                  objective: evaluation.objective, isFeasible: feasible)
                        try store.appendEvaluation(
                            to: run.id, parameters: evaluated.parameters, evaluation: evaluation, wallTime: seconds,
                            isFeasible: feasible, summary: summary)
                        ownCount += 1
                        progress.show(TuneSession.progressLine(
                            index: point.index + 1, budget: recipe.budget, last: evaluation.objective,
                            best: summary.bestObjective, unit: envelope.plant.objectiveName))
                    }
                }
                outcome.restore = restore
                outcome.status = .completed
                try store.finishRun(run.id, outcome: .completed, message: "study finished", summary: summary)
            } catch let aborted as AbortedRun {
                outcome.status = aborted.outcome == .cancelled ? .cancelled : .failed
                outcome.error = aborted.outcome == .cancelled ? nil : "\(aborted.underlying)"
                try store.finishRun(run.id, outcome: aborted.outcome, message: aborted.description, summary: summary)
            }
            plant = envelope.plant
        } catch {
            outcome.status = .failed
            outcome.error = "\(error)"
            try store.finishRun(run.id, outcome: .failed, message: "\(error)")
        }
        return outcome
    }
}
