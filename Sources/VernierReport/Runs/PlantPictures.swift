/// The plants' own pictures, from data the command line computes with the plant.
public enum PlantPictures {
    /// AWAKE: the BPM readings along the line before and after tuning, in mm against s.
    ///
    /// - Parameters:
    ///   - positions: Each monitor's s (m) along the line.
    ///   - before: Readings (mm) at the initial settings, one per monitor.
    ///   - after: Readings (mm) at the best settings.
    ///   - aperture: The half-aperture (mm), drawn as limits; `nil` for none.
    ///   - afterLabel: Which settings `after` was read at (`best settings`, or `final settings` when the run
    ///     found no feasible point).
    public static func beamPositions(positions: [Double], before: [Double], after: [Double], aperture: Double?,
                                     afterLabel: String = "best settings") -> Plot {
        var layers: [PlotLayer] = [
            .line(LineLayer(name: "before (initial settings)", x: positions, y: before, colour: Palette.colour(1), dashed: true)),
            .scatter(ScatterLayer(name: nil, x: positions, y: before, colour: Palette.colour(1), radius: 3)),
            .line(LineLayer(name: "after (\(afterLabel))", x: positions, y: after, colour: Palette.colour(0), width: 2)),
            .scatter(ScatterLayer(name: nil, x: positions, y: after, colour: Palette.colour(0), marker: .diamond, radius: 3.5)),
            .rule(RuleLayer(name: nil, value: 0, colour: "#999999", dashed: false)),
        ]
        if let aperture {
            layers.append(.rule(RuleLayer(name: "aperture ±\(ReportNumber.format(aperture, digits: 3)) mm", value: aperture)))
            layers.append(.rule(RuleLayer(name: nil, value: -aperture)))
        }
        return Plot(title: "BPM readings along the line", x: Axis("s (m)"), y: Axis("horizontal position (mm)"), layers: layers)
    }

    /// JPA: the gain around the target frequency at the operating point found.
    ///
    /// - Parameters:
    ///   - offsets: Signal offsets from the target (MHz) of the model curve.
    ///   - gain: The model's gain (dB) at each offset (NaN where unstable).
    ///   - measuredOffsets: Offsets (MHz) of the recorded trace readings at the best evaluation.
    ///   - measuredGain: Those readings (dB).
    ///   - targetGain: The gain the tuning aims for (dB), e.g. 20.
    ///   - targetFrequency: The target (GHz), for the title.
    ///   - settingsLabel: Which settings the trace is at (`best settings`, or `final settings` when the run
    ///     found no feasible point).
    public static func gainTrace(offsets: [Double], gain: [Double], measuredOffsets: [Double], measuredGain: [Double],
                                 targetGain: Double, targetFrequency: Double?, settingsLabel: String = "best settings") -> Plot {
        let title = "Gain around the target" + (targetFrequency.map { " (\(ReportNumber.format($0, digits: 6)) GHz)" } ?? "")
            + (settingsLabel == "best settings" ? " at the operating point found" : " at the \(settingsLabel)")
        var layers: [PlotLayer] = [
            .line(LineLayer(name: "model at the \(settingsLabel)", x: offsets, y: gain, colour: Palette.colour(0), width: 2)),
        ]
        if !measuredOffsets.isEmpty {
            layers.append(.scatter(ScatterLayer(name: "recorded readings", x: measuredOffsets, y: measuredGain,
                                                colour: Palette.colour(1), marker: .diamond, radius: 4)))
        }
        layers.append(.rule(RuleLayer(name: "\(ReportNumber.format(targetGain, digits: 3)) dB target", value: targetGain)))
        layers.append(.rule(RuleLayer(name: nil, orientation: .vertical, value: 0, colour: "#999999")))
        return Plot(title: title, x: Axis("signal offset from the target (MHz)"), y: Axis("gain (dB)"), layers: layers)
    }

    /// JPA paramap: gain over flux bias × pump power, the `level` dB contour and the operating points found.
    ///
    /// The colours span 0 to 2 × `level` dB (higher gains, next to instability, saturate), so the region around
    /// the contour keeps its contrast.
    ///
    /// - Parameters:
    ///   - grid: Gain (dB) with xs = flux bias (µA), ys = pump power (dBm); NaN where unstable.
    ///   - operatingPoints: (bias µA, power dBm) points found by runs, marked with crosses.
    ///   - modelOptimum: The model's least-pump point reaching `level`, marked with a diamond; `nil` for none.
    public static func paramap(grid: Grid, level: Double = 20, operatingPoints: [(Double, Double)] = [],
                               modelOptimum: (Double, Double)? = nil,
                               title: String = "Gain over flux bias × pump power") -> Plot {
        let finite = grid.finiteRange ?? 0...level
        var layers: [PlotLayer] = [
            .heatmap(HeatmapLayer(grid: grid, valueLabel: "gain (dB)",
                                  colourRange: min(finite.lowerBound, 0)...max(2 * level, min(finite.lowerBound, 0) + 1),
                                  contours: [.init(level: level, label: "\(ReportNumber.format(level, digits: 3)) dB contour")],
                                  missingLabel: "unstable or no reading")),
        ]
        if !operatingPoints.isEmpty {
            layers.append(.scatter(ScatterLayer(name: "operating point", x: operatingPoints.map(\.0), y: operatingPoints.map(\.1),
                                                colour: Palette.colour(1), marker: .cross, radius: 5)))
        }
        if let modelOptimum {
            layers.append(.scatter(ScatterLayer(name: "least-pump \(ReportNumber.format(level, digits: 3)) dB point (model)",
                                                x: [modelOptimum.0], y: [modelOptimum.1], colour: Palette.colour(3),
                                                marker: .diamond, radius: 5)))
        }
        func span(_ values: [Double]) -> ClosedRange<Double>? {
            guard let low = values.min(), let high = values.max(), low < high else { return nil }
            return low...high
        }
        return Plot(title: title, x: Axis("flux bias (µA)", domain: span(grid.xs)),
                    y: Axis("pump power (dBm)", domain: span(grid.ys)), layers: layers, width: 720, height: 480)
    }

    /// A standalone SVG file of `plot` (an XML declaration and the SVG element).
    public static func svgFile(_ plot: Plot, renderer: PlotRenderer = PlotRenderer()) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + renderer.svg(plot, id: "plot") + "\n"
    }
}
