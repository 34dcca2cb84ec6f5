/// The plants' own pictures, from data the command line computes with the plant.
public enum PlantPictures {
    /// AWAKE: the BPM readings along the line before and after tuning, in mm against s.
    ///
    /// - Parameters:
    ///   - positions: Each monitor's s (m) along the line.
    ///   - before: Readings (mm) at the initial settings, one per monitor.
    ///   - after: Readings (mm) at the best settings.
    ///   - aperture: The half-aperture (mm), drawn as limits; `nil` for none.
    public static func beamPositions(positions: [Double], before: [Double], after: [Double], aperture: Double?) -> Plot {
        var layers: [PlotLayer] = [
            .line(LineLayer(name: "before (initial settings)", x: positions, y: before, colour: Palette.colour(1), dashed: true)),
            .scatter(ScatterLayer(name: nil, x: positions, y: before, colour: Palette.colour(1), radius: 3)),
            .line(LineLayer(name: "after (best settings)", x: positions, y: after, colour: Palette.colour(0), width: 2)),
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
    public static func gainTrace(offsets: [Double], gain: [Double], measuredOffsets: [Double], measuredGain: [Double],
                                 targetGain: Double, targetFrequency: Double?) -> Plot {
        let title = "Gain around the target" + (targetFrequency.map { " (\(ReportNumber.format($0, digits: 6)) GHz)" } ?? "")
            + " at the operating point found"
        var layers: [PlotLayer] = [
            .line(LineLayer(name: "model at the best settings", x: offsets, y: gain, colour: Palette.colour(0), width: 2)),
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
    /// - Parameters:
    ///   - grid: Gain (dB) with xs = flux bias (µA), ys = pump power (dBm); NaN where unstable.
    ///   - operatingPoints: (bias µA, power dBm) points to mark.
    public static func paramap(grid: Grid, level: Double = 20, operatingPoints: [(Double, Double)] = [],
                               title: String = "Gain over flux bias × pump power") -> Plot {
        let finite = grid.finiteRange ?? 0...level
        var layers: [PlotLayer] = [
            .heatmap(HeatmapLayer(grid: grid, valueLabel: "gain (dB)",
                                  colourRange: min(finite.lowerBound, 0)...max(finite.upperBound, level),
                                  contours: [.init(level: level, label: "\(ReportNumber.format(level, digits: 3)) dB contour")],
                                  missingLabel: "unstable or no reading")),
        ]
        if !operatingPoints.isEmpty {
            layers.append(.scatter(ScatterLayer(name: "operating point", x: operatingPoints.map(\.0), y: operatingPoints.map(\.1),
                                                colour: Palette.colour(1), marker: .cross, radius: 5)))
        }
        return Plot(title: title, x: Axis("flux bias (µA)"), y: Axis("pump power (dBm)"), layers: layers,
                    width: 720, height: 480)
    }

    /// A standalone SVG file of `plot` (an XML declaration and the SVG element).
    public static func svgFile(_ plot: Plot, renderer: PlotRenderer = PlotRenderer()) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + renderer.svg(plot, id: "plot") + "\n"
    }
}
