/// The report of a training run: return and success rate against steps (raw faint, smoothed bold), and each
/// statistic the learner recorded per update (losses, entropy, approximate KL, clip fraction, explained
/// variance, steps per second).
public enum TrainingReport {
    /// Known update statistics, in the order shown, with their titles (SB3's `train/` names).
    public static let knownStatistics: [(key: String, title: String)] = [
        ("policy_loss", "Policy loss"), ("value_loss", "Value loss"), ("entropy", "Entropy"),
        ("approx_kl", "Approximate KL"), ("clip_fraction", "Clip fraction"),
        ("explained_variance", "Explained variance"), ("steps_per_second", "Steps per second"),
        ("learning_rate", "Learning rate"),
    ]

    public static func document(_ run: TrainingRunSummary) -> ReportDocument {
        var facts = run.header.facts
        facts.append(ReportFact("episodes", String(run.episodes.count)))
        facts.append(ReportFact("updates", String(run.updates.count)))
        for (name, value) in run.metrics.sorted(by: { $0.key < $1.key }) {
            facts.append(ReportFact(name.replacingOccurrences(of: "_", with: " "), ReportNumber.format(value)))
        }
        var blocks: [ReportBlock] = []
        let steps = run.episodes.map(\.step)
        let lastStep = max(steps.last ?? 0, Double(run.updates.last?.step ?? 0), 1)
        let stepAxis = Axis("environment steps", domain: 0...lastStep)
        let returns = run.episodes.map(\.episodeReturn)
        let window = Smoothing.defaultWindow(count: returns.count)
        blocks.append(.figure(Plot(
            title: "Episode return", x: stepAxis, y: Axis("return"),
            layers: [
                .scatter(ScatterLayer(name: "episode", x: steps, y: returns, colour: Palette.colour(0), radius: 1.6, opacity: 0.25)),
                .line(LineLayer(name: "moving average (\(window) episodes)", x: steps,
                                y: Smoothing.movingAverage(returns, window: window), colour: Palette.colour(0), width: 2)),
            ])))
        if let note = run.stepNote { blocks.append(.note(note)) }
        let judged = run.episodes.filter { $0.success != nil }
        if !judged.isEmpty {
            let outcomes = judged.map { $0.success == true ? 1.0 : 0.0 }
            let successWindow = max(Smoothing.defaultWindow(count: outcomes.count), 11)
            blocks.append(.figure(Plot(
                title: "Success rate", x: stepAxis, y: Axis("success rate", domain: 0...1),
                layers: [
                    .scatter(ScatterLayer(name: "episode (0 or 1)", x: judged.map(\.step), y: outcomes,
                                          colour: Palette.colour(2), radius: 1.6, opacity: 0.2)),
                    .line(LineLayer(name: "moving average (\(successWindow) episodes)", x: judged.map(\.step),
                                    y: Smoothing.movingAverage(outcomes, window: successWindow), colour: Palette.colour(2), width: 2)),
                ])))
        }
        blocks.append(.figure(Plot(
            title: "Episode length", x: stepAxis, y: Axis("steps"),
            layers: [.scatter(ScatterLayer(name: nil, x: steps, y: run.episodes.map { Double($0.length) },
                                           colour: Palette.colour(3), radius: 1.6, opacity: 0.4))],
            height: 240)))
        var sections = [ReportSection(heading: "Episodes", blocks: blocks)]
        let keys = Set(run.updates.flatMap(\.values.keys))
        let known = knownStatistics.filter { keys.contains($0.key) }
        let others = keys.subtracting(known.map(\.key)).sorted().map { (key: $0, title: $0.replacingOccurrences(of: "_", with: " ")) }
        if !known.isEmpty || !others.isEmpty {
            let panels = (known + others).enumerated().map { index, statistic -> Plot in
                let updates = run.updates.filter { $0.values[statistic.key] != nil }
                return Plot(title: statistic.title, x: stepAxis, y: Axis(""),
                            layers: [.line(LineLayer(name: nil, x: updates.map { Double($0.step) },
                                                     y: updates.map { $0.values[statistic.key] ?? .nan },
                                                     colour: Palette.colour(index), width: 1.5))],
                            width: 320, height: 200)
            }
            sections.append(ReportSection(heading: "Updates", blocks: [.panels(panels)]))
        } else {
            sections.append(ReportSection(heading: "Updates", blocks: [
                .note("The run recorded no per-update statistics (runs trained before Vernier recorded them)."),
            ]))
        }
        return ReportDocument(title: run.header.title, facts: facts, sections: sections)
    }
}
