import Foundation
import VernierCore
import VernierPlants
import VernierReport
import VernierStore
import VernierYAML

/// Fills the report module's plain inputs from the run store and, where the run names a simulated plant, from
/// the plant itself (names, bounds, limits, and its own picture). Only the command line knows both sides.
enum ReportInputs {
    static func header(_ run: Run) -> RunHeader {
        RunHeader(runID: run.id.description, kind: run.kind.rawValue, plant: run.plant, algorithm: run.algorithm,
                  status: run.status.rawValue, statusMessage: run.statusMessage, seed: run.seed,
                  createdAt: Format.isoTime(run.createdAt))
    }

    /// The document for `run`: a cache-study report for `vernier cache` runs, a tuning report when it recorded
    /// evaluations, a training report for a training run, an evaluation report for episodes of a policy.
    static func document(for run: Run, in store: RunStore) throws -> ReportDocument {
        if isCacheRun(run) {
            return CacheStudyReport.document(cacheStudy(run, study: try store.cacheStudy(of: run.id)))
        }
        let evaluations = try store.evaluations(of: run.id)
        if !evaluations.isEmpty || run.kind == .tune {
            return TuningReport.document(tuning(run, evaluations: evaluations))
        }
        if run.kind == .train {
            return TrainingReport.document(try training(run, store: store))
        }
        let episodes = try store.episodes(of: run.id, includingTraces: false)
        return EvaluationReport.document(EvaluationRunSummary(
            header: header(run),
            episodes: episodes.map {
                EvaluationRunSummary.Episode(episodeReturn: $0.result.episodeReturn, length: $0.result.length,
                                             success: $0.result.success, stepsToSuccess: $0.result.stepsToSuccess)
            },
            metrics: run.summary.metrics))
    }

    // MARK: - Tuning

    static func tuning(_ run: Run, evaluations: [EvaluationRecord]) -> TuningRunSummary {
        let recipe = try? run.configuration(as: TuneRecipe.self)
        let width = evaluations.first?.parameters.count ?? 0
        let constraintCount = evaluations.first?.constraints.count ?? 0
        var summary = TuningRunSummary(
            header: header(run), objectiveName: "objective",
            parameters: (0..<width).map { .init(name: "x\($0)") },
            constraints: (0..<constraintCount).map { .init(name: "constraint \($0)") },
            evaluations: evaluations.map {
                .init(objective: $0.objective, constraints: $0.constraints, parameters: $0.parameters, isFeasible: $0.isFeasible)
            },
            initialParameters: recipe?.initialPoint)
        guard let recipe else { return summary }
        if let described = describe(recipe) {
            summary.objectiveName = described.objectiveName
            if described.parameters.count == width || evaluations.isEmpty { summary.parameters = described.parameters }
            if described.constraints.count == constraintCount || evaluations.isEmpty { summary.constraints = described.constraints }
        }
        // The plant's picture at the best point, or at the last one when none was feasible (said in the legend).
        let shown = summary.bestIndex.map { (evaluations[$0], "best settings") } ?? evaluations.last.map { ($0, "final settings") }
        if let (point, label) = shown, recipe.backend == .simulated, let id = recipe.plantID {
            summary.plantPictures = (try? pictures(id: id, recipe: recipe, best: point, label: label)) ?? []
        }
        return summary
    }

    /// Names, bounds and limits of the tuned problem, without touching a device: a simulated plant is built,
    /// an external evaluator's space file is read, a Modbus run is described by its model.
    static func describe(_ recipe: TuneRecipe) -> (objectiveName: String, parameters: [TuningRunSummary.Parameter],
                                                   constraints: [TuningRunSummary.Constraint])? {
        func bound(_ value: Double) -> Double? { value.isFinite ? value : nil }
        if recipe.objectiveCommand != nil {
            guard let specification = try? PlantOptions(yaml: recipe.spaceFile ?? "", source: "--space")
                .decode(CommandObjectiveSpecification.self) else { return nil }
            return (specification.objectiveName,
                    specification.parameters.map { .init(name: $0.name, lower: $0.low, upper: $0.high) },
                    specification.constraints.map { .init(name: $0.name, lower: $0.lower, upper: $0.upper) })
        }
        var model = recipe
        model.backend = .simulated
        guard var plant = try? TunePlantFactory.make(model) else { return nil }
        defer { try? plant.close() }
        if recipe.context == nil { _ = try? plant.initialParameters(seed: recipe.seed) }
        let space = plant.optimizationSpace
        return (plant.objectiveName,
                plant.parameterNames.enumerated().map { index, name in
                    .init(name: name, lower: bound(space.low[index]), upper: bound(space.high[index]))
                },
                plant.constraints.map { .init(name: $0.name, lower: bound($0.lowerBound), upper: bound($0.upperBound)) })
    }

    /// The plant's own picture at the run's best point: AWAKE's BPM readings before and after, JPA's gain trace.
    static func pictures(id: String, recipe: TuneRecipe, best: EvaluationRecord, label: String) throws -> [Plot] {
        let plant = try PlantFactory.make(id: id, options: try TunePlantFactory.options(of: recipe))
        if var awake = plant as? AwakeSteering {
            let start = try awake.initialParameters(seed: recipe.seed)
            let before = try awake.evaluate(recipe.initialPoint ?? start).observables
            let after = try awake.evaluate(best.parameters).observables
            let names = awake.readingNames
            let positions = names.map { name in awake.optics.elements.first { $0.name == name }?.position ?? .nan }
            return [PlantPictures.beamPositions(
                positions: positions, before: names.map { before[$0] ?? .nan }, after: names.map { after[$0] ?? .nan },
                aperture: AwakeSteering.apertureMillimetres, afterLabel: label)]
        }
        if var jpa = plant as? JPATuning, best.parameters.count == 3 {
            let target = recipe.context ?? jpa.targetFrequency
            _ = try jpa.initialParameters(context: target, seed: recipe.seed)
            let (bias, power, detuning) = (best.parameters[0], best.parameters[1], best.parameters[2])
            let pumpFrequency = 2 * target * 1e9 + detuning * 1e6
            let spacing = jpa.options.traceSpacing
            let offsets = stride(from: -4 * spacing, through: 4 * spacing, by: spacing / 20).map { $0 }
            let flux = jpa.flux(bias: bias)
            let pumpFlux = jpa.amplifier.pumpFlux(generatorPower: power)
            let gain = offsets.map { offset -> Double in
                guard let linear = jpa.amplifier.gain(signalFrequency: target * 1e9 + offset * 1e6, flux: flux,
                                                      pumpFlux: pumpFlux, pumpFrequency: pumpFrequency) else { return .nan }
                return 10 * log10(linear)
            }
            var measuredOffsets: [Double] = []
            var measuredGain: [Double] = []
            let readings = [(0.0, "gain_db")] + zip(JPATuning.traceOffsets, JPATuning.traceNames).map { ($0 * spacing, $1) }
            for (offset, name) in readings {
                if let value = best.observables[name], value.isFinite {
                    measuredOffsets.append(offset)
                    measuredGain.append(value)
                }
            }
            return [PlantPictures.gainTrace(offsets: offsets, gain: gain, measuredOffsets: measuredOffsets,
                                            measuredGain: measuredGain, targetGain: jpa.options.targetGain,
                                            targetFrequency: target, settingsLabel: label)]
        }
        return []
    }

    // MARK: - Training

    static func training(_ run: Run, store: RunStore) throws -> TrainingRunSummary {
        let episodes = try store.episodes(of: run.id, includingTraces: false)
        var steps = 0
        let summaryEpisodes = episodes.map { record -> TrainingRunSummary.Episode in
            steps += record.result.length
            return .init(step: Double(steps), episodeReturn: record.result.episodeReturn, length: record.result.length,
                         success: record.result.success)
        }
        let updates = try store.progress(of: run.id).map { TrainingRunSummary.Update(step: $0.step, values: $0.statistics) }
        return TrainingRunSummary(
            header: header(run), episodes: summaryEpisodes, updates: updates, metrics: run.summary.metrics,
            stepNote: "Episodes are placed at the steps spent in finished episodes so far (their lengths summed), which trails the trainer's step counter by at most the unfinished episodes of each environment copy.")
    }

    // MARK: - Comparison

    static func comparisonEntry(_ run: Run, in store: RunStore) throws -> RunComparison.Entry {
        let evaluations = try store.evaluations(of: run.id)
        let recipe = try? run.configuration(as: TuneRecipe.self)
        let objectiveName = recipe.flatMap { describe($0)?.objectiveName } ?? "objective"
        return RunComparison.Entry(label: "\(run.id) \(run.algorithm)", objectiveName: objectiveName,
                                   objectives: evaluations.map(\.objective), feasible: evaluations.map(\.isFeasible),
                                   status: run.status.rawValue)
    }
}
