import ArgumentParser
import Foundation
import VernierCore
import VernierRL
import VernierStore

/// One training run: builds the trainer on copies of the plant, trains in a child task that Ctrl-C cancels
/// (saving a checkpoint), records episodes and checkpoints in the run store, writes the policy and reports.
struct TrainSession {
    var recipe: TrainRecipe
    var configuration: PPOConfiguration
    var checkpoint: PPOCheckpoint?
    var run: Run
    var store: RunStore
    var output: ProgressOutputOptions
    /// Threads that step the environment copies (≥ 1); no effect on the results.
    var threads = 1

    /// Trains on copies of `first`'s concrete plant type (opening the existential once, so the hot loop is generic).
    func train<Env: Environment>(first: Env) async throws {
        let trainer = try makeTrainer(first: first)
        trainer.environmentThreads = threads
        logStart(trainer: trainer)
        let progress = TerminalProgress(enabled: output.showsProgress)
        let recorder = TrainingRecorder(trainer: trainer, run: run.id, store: store)
        let startTime = Date()
        let startSteps = trainer.steps
        let totalSteps = configuration.totalSteps
        let interrupted: Bool
        do {
            interrupted = try await CancellableRun.run(onSignal: { _, count in
                if count == 1 { progress.note("stopping after this update; saving a checkpoint…") }
            }) {
                do {
                    try trainer.train(totalSteps: totalSteps) { state in
                        try recorder.recordEpisodes()
                        let rate = Double(state.steps - startSteps) / max(Date().timeIntervalSince(startTime), 1e-9)
                        try store.recordProgress(state.statistics.stored(stepsPerSecond: rate), step: state.steps, of: run.id)
                        progress.show(Self.progressLine(steps: state.steps, total: totalSteps, rate: rate,
                                                        meanReturn: state.meanReturn),
                                      force: state.steps >= totalSteps)
                        try recorder.checkpointIfDue()
                        try Task.checkCancellation()
                    }
                    return false
                } catch is CancellationError {
                    return true
                }
            }
        } catch {
            try? recorder.saveCheckpoint()
            try? store.finishRun(run.id, outcome: .failed, message: "\(error)")
            throw error
        }
        let seconds = Date().timeIntervalSince(startTime)
        progress.finish()
        try recorder.recordEpisodes()
        try recorder.saveCheckpoint()
        do {
            try trainer.policyFile().write(to: URL(fileURLWithPath: recipe.out))
        } catch {
            try? store.finishRun(run.id, outcome: .failed, message: "cannot write the policy: \(error)")
            throw ValidationError("cannot write the policy to '\(recipe.out)': \(error.localizedDescription)")
        }
        let rate = Double(trainer.steps - startSteps) / max(seconds, 1e-9)
        let episodes = trainer.episodes
        try store.finishRun(run.id, outcome: interrupted ? .cancelled : .completed,
                            message: interrupted ? "interrupted at step \(trainer.steps)" : "policy written to \(recipe.out)",
                            summary: RunSummary(metrics: RunMetrics.training(steps: trainer.steps, stepsPerSecond: rate,
                                                                             meanReturn: episodes.meanReturn)))
        let report = TrainReport(
            plantId: recipe.plantID, algorithm: "ppo", steps: trainer.steps, updates: trainer.updates,
            seed: trainer.seed, seconds: seconds, stepsPerSecond: rate, meanReturn: episodes.meanReturn,
            meanEpisodeLength: episodes.meanLength, episodes: episodes.completedEpisodes, policy: recipe.out,
            runId: run.id.description, resumed: checkpoint != nil, interrupted: interrupted)
        if output.json {
            try JSONOutput.print(report)
        } else {
            printSummary(report, recentEpisodes: episodes.recentReturns.count)
        }
        if interrupted { throw ExitCode(130) }
    }

    /// The trainer: fresh from the configuration, or from the checkpoint being resumed; `first` and as many
    /// more copies of the plant as the configuration steps in lockstep.
    private func makeTrainer<Env: Environment>(first: Env) throws -> PPOTrainer<Env> {
        let id = recipe.plantID
        var copies = [first]
        while copies.count < configuration.environmentCount {
            guard let copy = try PlantFactory.make(id: id, options: try recipe.plantOptionsDocument()) as? Env else {
                throw ValidationError("\(id) built plants of different types")
            }
            copies.append(copy)
        }
        do {
            if let checkpoint {
                return try PPOTrainer(resuming: checkpoint, environments: copies)
            }
            return try PPOTrainer(environments: copies, configuration: configuration, plantID: id, seed: recipe.seed)
        } catch let error as PPOError {
            try? store.finishRun(run.id, outcome: .failed, message: "\(error)")
            throw ValidationError("\(error)")
        } catch let error as PPOCheckpointError {
            try? store.finishRun(run.id, outcome: .failed, message: "\(error)")
            throw ValidationError("\(error)")
        }
    }

    static func progressLine(steps: Int, total: Int, rate: Double, meanReturn: Double?) -> String {
        let eta = rate > 0 ? Double(max(total - steps, 0)) / rate : .infinity
        let percent = min(100, 100 * Double(steps) / Double(max(total, 1)))
        let returnText = meanReturn.map { Format.number($0, digits: 5) } ?? "n/a"
        let etaText = eta.isFinite ? "\(Int(eta.rounded())) s" : "?"
        return "steps \(steps)/\(total) (\(Int(percent))%)  \(Int(rate.rounded())) steps/s  mean return \(returnText)  ETA \(etaText)"
    }

    /// The hyperparameters and the network's size, on standard error, before training starts.
    private func logStart<Env>(trainer: PPOTrainer<Env>) {
        var lines = ["PPO on \(trainer.plantID), seed \(trainer.seed), run \(run.id)"
            + (trainer.steps > 0 ? ", resumed at step \(trainer.steps)" : "")
            + ", \(trainer.model.parameterCount) parameters"
            + (threads > 1 ? ", copies stepped on up to \(threads) threads" : "") + "; hyperparameters:"]
        lines += configuration.logLines.map { "  \($0)" }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    private func printSummary(_ report: TrainReport, recentEpisodes: Int) {
        let meanReturn = report.meanReturn.map { Format.number($0, digits: 5) } ?? "n/a"
        print("trained \(report.plantId) with PPO: \(report.steps) steps in \(Format.number(report.seconds, digits: 3)) s "
            + "(\(Int(report.stepsPerSecond.rounded())) steps/s), mean return of the last \(recentEpisodes) episodes \(meanReturn)")
        print("policy: \(report.policy)")
        print("run \(report.runId) in the run store\(report.interrupted ? " (interrupted: continue with `vernier train --resume \(report.runId)`)" : "")")
    }
}
