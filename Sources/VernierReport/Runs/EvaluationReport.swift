import Foundation

/// The report of an evaluation run: histograms of the episodes' returns and of their steps to success.
public enum EvaluationReport {
    public static func document(_ run: EvaluationRunSummary) -> ReportDocument {
        var facts = run.header.facts
        let returns = run.episodes.map(\.episodeReturn)
        facts.append(ReportFact("episodes", String(run.episodes.count)))
        if !returns.isEmpty {
            let mean = returns.reduce(0, +) / Double(returns.count)
            let variance = returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)
            facts.append(ReportFact("mean return", "\(ReportNumber.format(mean)) ± \(ReportNumber.format(variance.squareRoot(), digits: 4))"))
        }
        let judged = run.episodes.filter { $0.success != nil }
        if !judged.isEmpty {
            let rate = Double(judged.filter { $0.success == true }.count) / Double(judged.count)
            facts.append(ReportFact("success rate", "\(ReportNumber.format(100 * rate, digits: 4)) %"))
        }
        var blocks: [ReportBlock] = [.figure(Plot(
            title: "Return per episode", x: Axis("return"), y: Axis("episodes"),
            layers: [.histogram(HistogramLayer(name: nil, histogram: Histogram(values: returns), colour: Palette.colour(0)))],
            height: 280))]
        let successSteps = run.episodes.compactMap { episode -> Double? in
            guard episode.success == true else { return nil }
            return Double(episode.stepsToSuccess ?? episode.length)
        }
        if successSteps.isEmpty {
            blocks.append(.note("No episode succeeded, so there is no steps-to-success histogram."))
        } else {
            let exact = run.episodes.contains { $0.stepsToSuccess != nil }
            blocks.append(.figure(Plot(
                title: "Steps to success", x: Axis(exact ? "steps to success" : "episode length (successful episodes)"),
                y: Axis("episodes"),
                layers: [.histogram(HistogramLayer(name: nil, histogram: Histogram(values: successSteps), colour: Palette.colour(2)))],
                height: 280)))
            if !exact {
                blocks.append(.note("This run recorded episode lengths only: a successful episode's length is an upper bound on its steps to success."))
            }
        }
        return ReportDocument(title: run.header.title, facts: facts, sections: [ReportSection(heading: "Episodes", blocks: blocks)])
    }
}
