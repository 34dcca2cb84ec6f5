/// The report of a tuning run: objective and best-so-far, constraints against their limits, each parameter's
/// path inside its bounds, the settings table and the plant's own picture.
public enum TuningReport {
    public static func document(_ run: TuningRunSummary) -> ReportDocument {
        let count = run.evaluations.count
        let indices = (0..<count).map(Double.init)
        var facts = run.header.facts
        facts.append(ReportFact("evaluations", String(count)))
        let best = run.bestIndex
        if let best {
            facts.append(ReportFact("best \(run.objectiveName)",
                                    "\(ReportNumber.format(run.evaluations[best].objective)) at evaluation \(best)"))
        } else {
            facts.append(ReportFact("best", "no feasible point"))
        }
        if let first = run.evaluations.first {
            facts.append(ReportFact("first evaluation", ReportNumber.format(first.objective)))
        }
        var sections = [ReportSection(heading: "Objective", blocks: [.figure(objectivePlot(run, indices: indices))])]
        if !run.constraints.isEmpty {
            let plots = run.constraints.indices.map { constraintPlot(run, index: $0, indices: indices) }
            sections.append(ReportSection(heading: "Constraints", blocks: plots.count == 1 ? [.figure(plots[0])] : [.panels(plots)]))
        }
        if !run.parameters.isEmpty {
            sections.append(ReportSection(heading: "Parameters", blocks: [
                .note("Each parameter's setting at every evaluation, normalised to its bounds (0 = lower, 1 = upper); the diamond marks the best point."),
                .panels(run.parameters.indices.map { parameterPlot(run, index: $0, indices: indices, best: best) }),
                .table(settingsTable(run, best: best)),
            ]))
        }
        if !run.plantPictures.isEmpty {
            sections.append(ReportSection(heading: "Plant", blocks: run.plantPictures.map { .figure($0) }))
        }
        return ReportDocument(title: run.header.title, facts: facts, sections: sections)
    }

    /// The evaluation index axis, from the first evaluation to the last.
    static func evaluationAxis(_ run: TuningRunSummary) -> Axis {
        Axis("evaluation", domain: 0...Double(max(run.evaluations.count - 1, 1)))
    }

    /// A log axis when the values are all positive and span more than two decades.
    static func scale(for values: [Double]) -> AxisScale {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), low > 0 else { return .linear }
        return high / low > 100 ? .logarithmic : .linear
    }

    static func objectivePlot(_ run: TuningRunSummary, indices: [Double]) -> Plot {
        let feasible = run.evaluations.indices.filter { run.evaluations[$0].isFeasible }
        let infeasible = run.evaluations.indices.filter { !run.evaluations[$0].isFeasible }
        let objectives = run.evaluations.map(\.objective)
        var layers: [PlotLayer] = []
        if !feasible.isEmpty {
            layers.append(.scatter(ScatterLayer(name: "feasible", x: feasible.map(Double.init), y: feasible.map { objectives[$0] },
                                                colour: Palette.colour(0), opacity: 0.75)))
        }
        if !infeasible.isEmpty {
            layers.append(.scatter(ScatterLayer(name: "infeasible", x: infeasible.map(Double.init),
                                                y: infeasible.map { objectives[$0] }, colour: Palette.colour(1),
                                                marker: .cross, radius: 3)))
        }
        if !feasible.isEmpty {
            layers.append(.line(LineLayer(name: "best so far", x: indices, y: run.bestSoFar, colour: Palette.colour(6),
                                          interpolation: .step, width: 2)))
        }
        return Plot(title: "Objective per evaluation", x: evaluationAxis(run),
                    y: Axis(run.objectiveName, scale: scale(for: objectives)), layers: layers)
    }

    static func constraintPlot(_ run: TuningRunSummary, index: Int, indices: [Double]) -> Plot {
        let constraint = run.constraints[index]
        let values = run.evaluations.map { index < $0.constraints.count ? $0.constraints[index] : .nan }
        let violating = values.indices.filter { i in
            let v = values[i]
            return v.isNaN || (constraint.lower.map { v < $0 } ?? false) || (constraint.upper.map { v > $0 } ?? false)
        }
        let violated = Set(violating)
        let inside = values.indices.filter { !violated.contains($0) }
        var layers: [PlotLayer] = []
        if !inside.isEmpty {
            layers.append(.scatter(ScatterLayer(name: "within limits", x: inside.map(Double.init), y: inside.map { values[$0] },
                                                colour: Palette.colour(0), opacity: 0.75)))
        }
        if !violating.isEmpty {
            layers.append(.scatter(ScatterLayer(name: "violated", x: violating.map(Double.init), y: violating.map { values[$0] },
                                                colour: Palette.colour(1), marker: .cross, radius: 3)))
        }
        if let lower = constraint.lower, lower.isFinite { layers.append(.rule(RuleLayer(name: "lower limit", value: lower))) }
        if let upper = constraint.upper, upper.isFinite {
            layers.append(.rule(RuleLayer(name: "upper limit", value: upper, colour: "#444444")))
        }
        let small = run.constraints.count > 1
        return Plot(title: "Constraint: \(constraint.name)", x: evaluationAxis(run), y: Axis(constraint.name), layers: layers,
                    width: small ? 480 : 640, height: small ? 260 : 300)
    }

    static func parameterPlot(_ run: TuningRunSummary, index: Int, indices: [Double], best: Int?) -> Plot {
        let parameter = run.parameters[index]
        let raw = run.evaluations.map { index < $0.parameters.count ? $0.parameters[index] : .nan }
        let normalised: [Double]
        let axis: Axis
        if let lower = parameter.lower, let upper = parameter.upper, lower.isFinite, upper.isFinite, upper > lower {
            normalised = raw.map { ($0 - lower) / (upper - lower) }
            axis = Axis("", domain: 0...1)
        } else {
            normalised = raw
            axis = Axis("")
        }
        var layers: [PlotLayer] = [
            .line(LineLayer(name: nil, x: indices, y: normalised, colour: Palette.colour(0), width: 1.2)),
        ]
        if let best {
            layers.append(.scatter(ScatterLayer(name: nil, x: [Double(best)], y: [normalised[best]],
                                                colour: Palette.colour(1), marker: .diamond, radius: 4)))
        }
        return Plot(title: parameter.name, x: evaluationAxis(run), y: axis, layers: layers, width: 240, height: 160)
    }

    static func settingsTable(_ run: TuningRunSummary, best: Int?) -> ReportTable {
        let last = run.evaluations.last
        let rows = run.parameters.enumerated().map { index, parameter -> [String] in
            func value(_ vector: [Double]?) -> String {
                guard let vector, index < vector.count else { return "—" }
                return ReportNumber.format(vector[index])
            }
            return [parameter.name, ReportNumber.format(parameter.lower), ReportNumber.format(parameter.upper),
                    value(run.initialParameters), value(best.map { run.evaluations[$0].parameters }),
                    value(last?.parameters)]
        }
        return ReportTable(title: "Settings: initial, best and final", header: ["parameter", "lower", "upper", "initial", "best", "final"],
                           rows: rows, numericColumns: [1, 2, 3, 4, 5])
    }
}
