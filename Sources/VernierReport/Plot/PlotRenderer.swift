import Foundation

/// Draws a ``Plot`` as a self-contained SVG element: no scripts, no external fonts or images.
///
/// Layout keeps text apart by construction: the title and the legend have rows of their own above the
/// plotting area (the legend wraps), tick labels are thinned until neighbours leave a gap
/// (``LabelThinning``), and category labels are shortened to their bar group's width. Long series are
/// thinned by ``Decimation`` to about ``pointLimit`` points each; heatmaps to ``heatmapCellLimit`` cells a side
/// (contours are traced on the full grid).
public struct PlotRenderer: Sendable {
    /// The most points drawn per line or scatter layer.
    public var pointLimit: Int
    /// The most heatmap cells drawn along each axis.
    public var heatmapCellLimit: Int

    public init(pointLimit: Int = 1200, heatmapCellLimit: Int = 120) {
        self.pointLimit = pointLimit
        self.heatmapCellLimit = heatmapCellLimit
    }

    static let fontSize = 11.0
    static let titleSize = 13.0

    /// An axis fitted to the data and the pixels.
    struct FittedAxis {
        var mapping: ScaleMapping
        var ticks: [Double]
        var labels: [String]
    }

    /// The SVG text of `plot`; `id` must be unique in the page (it names the clip path).
    public func svg(_ plot: Plot, id: String) -> String {
        var out = ""
        out.reserveCapacity(16_384)
        let w = plot.width, h = plot.height
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" viewBox=\"0 0 \(SVGText.coordinate(w)) \(SVGText.coordinate(h))\" width=\"\(SVGText.coordinate(w))\" height=\"\(SVGText.coordinate(h))\" role=\"img\" aria-label=\"\(SVGText.escape(plot.title))\" font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\" font-size=\"\(SVGText.coordinate(Self.fontSize))\">"
        out += "<title>\(SVGText.escape(plot.title))</title>"
        out += "<text x=\"8\" y=\"16\" font-size=\"\(SVGText.coordinate(Self.titleSize))\" font-weight=\"600\" class=\"plot-title\">\(SVGText.escape(plot.title))</text>"

        // Legend rows under the title.
        let entries = legendEntries(plot)
        var legendRows: [[(LegendEntry, Double)]] = []
        var rowWidth = 0.0
        for entry in entries {
            let width = 26 + SVGText.width(of: entry.text, fontSize: Self.fontSize) + 12
            if legendRows.isEmpty || rowWidth + width > w - 16 {
                legendRows.append([])
                rowWidth = 0
            }
            legendRows[legendRows.count - 1].append((entry, 8 + rowWidth))
            rowWidth += width
        }
        for (row, items) in legendRows.enumerated() {
            let y = 22 + Double(row) * 15 + 10
            for (entry, x) in items { out += legendSwatch(entry, x: x, y: y) }
        }

        let heatmap = plot.layers.lazy.compactMap { layer -> HeatmapLayer? in
            if case .heatmap(let heatmap) = layer { return heatmap } else { return nil }
        }.first
        let top = 24 + Double(legendRows.count) * 15 + 8
        let bottom = h - (plot.x.label.isEmpty ? 22 : 36)
        let right = w - (heatmap == nil ? 14 : 84)
        let yExtent = extent(of: plot, vertical: true)
        let yProvisional = fit(plot.y, extent: yExtent, start: bottom, end: top, count: max(3, Int((bottom - top) / 36)))
        let yLabelWidth = yProvisional.labels.map { SVGText.width(of: $0, fontSize: Self.fontSize) }.max() ?? 0
        let left = 8 + (plot.y.label.isEmpty ? 0 : 16) + yLabelWidth + 8
        let yAxis = yProvisional
        let xAxis = fit(plot.x, extent: extent(of: plot, vertical: false), start: left, end: right,
                        count: max(3, Int((right - left) / 70)))

        // Frame, grid and ticks.
        out += "<rect x=\"\(SVGText.coordinate(left))\" y=\"\(SVGText.coordinate(top))\" width=\"\(SVGText.coordinate(right - left))\" height=\"\(SVGText.coordinate(bottom - top))\" fill=\"#ffffff\" stroke=\"#bbbbbb\"/>"
        out += "<g stroke=\"#e6e6e6\" stroke-width=\"1\">"
        for tick in yAxis.ticks { if let y = yAxis.mapping.pixel(tick) { out += "<line x1=\"\(SVGText.coordinate(left))\" x2=\"\(SVGText.coordinate(right))\" y1=\"\(SVGText.coordinate(y))\" y2=\"\(SVGText.coordinate(y))\"/>" } }
        if plot.x.categories == nil {
            for tick in xAxis.ticks { if let x = xAxis.mapping.pixel(tick) { out += "<line y1=\"\(SVGText.coordinate(top))\" y2=\"\(SVGText.coordinate(bottom))\" x1=\"\(SVGText.coordinate(x))\" x2=\"\(SVGText.coordinate(x))\"/>" } }
        }
        out += "</g>"
        out += tickLabels(xAxis, horizontal: true, at: bottom, categoryWidth: plot.x.categories.map { (right - left) / Double(max($0.count, 1)) })
        out += tickLabels(yAxis, horizontal: false, at: left, categoryWidth: nil)
        if !plot.x.label.isEmpty {
            out += "<text x=\"\(SVGText.coordinate((left + right) / 2))\" y=\"\(SVGText.coordinate(h - 6))\" text-anchor=\"middle\" fill=\"#333333\">\(SVGText.escape(plot.x.label))</text>"
        }
        if !plot.y.label.isEmpty {
            let cy = (top + bottom) / 2
            out += "<text transform=\"translate(12 \(SVGText.coordinate(cy))) rotate(-90)\" text-anchor=\"middle\" fill=\"#333333\">\(SVGText.escape(plot.y.label))</text>"
        }

        // Layers, clipped to the plotting area.
        // The clip leaves a marker's radius around the frame, so points on the axes' ends show whole.
        let pad = 5.0
        out += "<clipPath id=\"\(id)-clip\"><rect x=\"\(SVGText.coordinate(left - pad))\" y=\"\(SVGText.coordinate(top - pad))\" width=\"\(SVGText.coordinate(right - left + 2 * pad))\" height=\"\(SVGText.coordinate(bottom - top + 2 * pad))\"/></clipPath>"
        out += "<clipPath id=\"\(id)-tight\"><rect x=\"\(SVGText.coordinate(left))\" y=\"\(SVGText.coordinate(top))\" width=\"\(SVGText.coordinate(right - left))\" height=\"\(SVGText.coordinate(bottom - top))\"/></clipPath>"
        out += "<g clip-path=\"url(#\(id)-clip)\">"
        let barLayers = plot.layers.compactMap { layer -> BarLayer? in
            if case .bars(let bars) = layer { return bars } else { return nil }
        }
        var barIndex = 0
        for layer in plot.layers {
            switch layer {
            case .line(let line): out += draw(line, xAxis, yAxis)
            case .scatter(let scatter): out += draw(scatter, xAxis, yAxis)
            case .histogram(let histogram): out += draw(histogram, xAxis, yAxis)
            case .rule(let rule): out += draw(rule, xAxis, yAxis, top: top, bottom: bottom, left: left, right: right)
            case .heatmap(let heatmap): out += "<g clip-path=\"url(#\(id)-tight)\">" + draw(heatmap, xAxis, yAxis) + "</g>"
            case .bars(let bars):
                out += draw(bars, slot: barIndex, of: barLayers.count, xAxis, yAxis)
                barIndex += 1
            }
        }
        out += "</g>"
        if let heatmap { out += colourBar(heatmap, x: right + 12, top: top, bottom: bottom) }
        out += "</svg>"
        return out
    }

    // MARK: - Axes

    /// The finite, drawable range of the data along one axis, or `nil` when there is none.
    func extent(of plot: Plot, vertical: Bool) -> (Double, Double)? {
        let scale = vertical ? plot.y.scale : plot.x.scale
        var low = Double.infinity, high = -Double.infinity
        func include(_ value: Double) {
            guard scale.transform(value) != nil else { return }
            low = min(low, value)
            high = max(high, value)
        }
        for layer in plot.layers {
            switch layer {
            case .line(let line): (vertical ? line.y : line.x).forEach(include)
            case .scatter(let scatter): (vertical ? scatter.y : scatter.x).forEach(include)
            case .bars(let bars): if vertical { bars.values.forEach(include); if scale == .linear { include(0) } }
            case .histogram(let layer):
                if vertical {
                    layer.histogram.counts.forEach { include(Double($0)) }
                    if scale == .linear { include(0) }
                } else {
                    layer.histogram.edges.forEach(include)
                }
            case .rule(let rule): if (rule.orientation == .horizontal) == vertical { include(rule.value) }
            case .heatmap(let heatmap): (vertical ? heatmap.grid.ys : heatmap.grid.xs).forEach(include)
            }
        }
        return low <= high ? (low, high) : nil
    }

    func fit(_ axis: Axis, extent: (Double, Double)?, start: Double, end: Double, count: Int) -> FittedAxis {
        if let categories = axis.categories {
            let mapping = ScaleMapping(scale: .linear, lower: -0.5, upper: Double(categories.count) - 0.5,
                                       start: start, end: end)
            return FittedAxis(mapping: mapping, ticks: categories.indices.map(Double.init), labels: categories)
        }
        switch axis.scale {
        case .linear:
            let (low, high) = axis.domain.map { ($0.lowerBound, $0.upperBound) } ?? extent ?? (0, 1)
            let ticks = NiceTicks(low: low, high: high, count: count)
            let lower = axis.domain?.lowerBound ?? ticks.lower
            let upper = axis.domain?.upperBound ?? ticks.upper
            let tolerance = ticks.step * 1e-9
            let shown = ticks.values.filter { $0 >= lower - tolerance && $0 <= upper + tolerance }
            return FittedAxis(
                mapping: ScaleMapping(scale: .linear, lower: lower, upper: upper == lower ? lower + 1 : upper,
                                      start: start, end: end),
                ticks: shown, labels: shown.map { TickLabel.linear($0, fractionDigits: ticks.fractionDigits) })
        case .logarithmic:
            let (low, high) = axis.domain.map { ($0.lowerBound, $0.upperBound) } ?? extent ?? (1, 10)
            let ticks = LogTicks(low: low, high: high)
            let lower = axis.domain?.lowerBound ?? ticks.lower
            let upper = axis.domain?.upperBound ?? ticks.upper
            let shown = ticks.values.filter { $0 >= lower * (1 - 1e-12) && $0 <= upper * (1 + 1e-12) }
            return FittedAxis(
                mapping: ScaleMapping(scale: .logarithmic, lower: lower, upper: upper == lower ? lower * 10 : upper,
                                      start: start, end: end),
                ticks: shown, labels: shown.map(TickLabel.logarithmic))
        }
    }

    func tickLabels(_ axis: FittedAxis, horizontal: Bool, at position: Double, categoryWidth: Double?) -> String {
        var labels = axis.labels
        if let categoryWidth {
            // Shorten category names to their slot so that neighbours never touch.
            let characters = max(1, Int((categoryWidth - 6) / (Self.fontSize * 0.6)))
            labels = labels.map { $0.count <= characters ? $0 : String($0.prefix(max(1, characters - 1))) + "…" }
        }
        let centres = axis.ticks.map { axis.mapping.pixel($0) ?? 0 }
        let extents = horizontal ? labels.map { SVGText.width(of: $0, fontSize: Self.fontSize) }
                                 : labels.map { _ in Self.fontSize }
        let stride = LabelThinning.stride(centres: centres, extents: extents, gap: horizontal ? 8 : 4)
        var out = "<g fill=\"#333333\" class=\"ticks\">"
        for index in Swift.stride(from: 0, to: labels.count, by: stride) {
            let centre = SVGText.coordinate(centres[index])
            if horizontal {
                out += "<text x=\"\(centre)\" y=\"\(SVGText.coordinate(position + 14))\" text-anchor=\"middle\">\(SVGText.escape(labels[index]))</text>"
            } else {
                out += "<text x=\"\(SVGText.coordinate(position - 5))\" y=\"\(SVGText.coordinate(centres[index] + 4))\" text-anchor=\"end\">\(SVGText.escape(labels[index]))</text>"
            }
        }
        return out + "</g>"
    }

    // MARK: - Layers

    func draw(_ line: LineLayer, _ x: FittedAxis, _ y: FittedAxis) -> String {
        let kept = Decimation.indices(of: line.y, limit: pointLimit)
        var path = ""
        path.reserveCapacity(kept.count * 12)
        var open = false
        for index in kept {
            guard let px = x.mapping.pixel(line.x[index]), let py = y.mapping.pixel(line.y[index]) else {
                open = false
                continue
            }
            if !open {
                path += "M\(SVGText.coordinate(px)) \(SVGText.coordinate(py))"
                open = true
            } else if line.interpolation == .step {
                path += "H\(SVGText.coordinate(px))V\(SVGText.coordinate(py))"
            } else {
                path += "L\(SVGText.coordinate(px)) \(SVGText.coordinate(py))"
            }
        }
        guard !path.isEmpty else { return "" }
        let dash = line.dashed ? " stroke-dasharray=\"5 3\"" : ""
        let opacity = line.opacity < 1 ? " stroke-opacity=\"\(line.opacity)\"" : ""
        return "<path d=\"\(path)\" fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"\(line.width)\" stroke-linejoin=\"round\"\(dash)\(opacity)/>"
    }

    func draw(_ scatter: ScatterLayer, _ x: FittedAxis, _ y: FittedAxis) -> String {
        let kept = Decimation.indices(of: scatter.y, limit: pointLimit)
        let r = scatter.radius
        var out = ""
        switch scatter.marker {
        case .circle:
            out += "<g fill=\"\(scatter.colour)\" fill-opacity=\"\(scatter.opacity)\">"
            for index in kept {
                guard let px = x.mapping.pixel(scatter.x[index]), let py = y.mapping.pixel(scatter.y[index]) else { continue }
                out += "<circle cx=\"\(SVGText.coordinate(px))\" cy=\"\(SVGText.coordinate(py))\" r=\"\(SVGText.coordinate(r))\"/>"
            }
            out += "</g>"
        case .cross, .diamond:
            var path = ""
            for index in kept {
                guard let px = x.mapping.pixel(scatter.x[index]), let py = y.mapping.pixel(scatter.y[index]) else { continue }
                path += markerPath(scatter.marker, x: px, y: py, r: r)
            }
            let paint = scatter.marker == .cross
                ? "fill=\"none\" stroke=\"\(scatter.colour)\" stroke-width=\"1.6\""
                : "fill=\"\(scatter.colour)\" stroke=\"#ffffff\" stroke-width=\"0.8\""
            out += "<path d=\"\(path)\" \(paint) opacity=\"\(scatter.opacity)\"/>"
        }
        return out
    }

    func markerPath(_ marker: ScatterLayer.Marker, x: Double, y: Double, r: Double) -> String {
        let c = SVGText.coordinate
        switch marker {
        case .cross:
            return "M\(c(x - r)) \(c(y - r))L\(c(x + r)) \(c(y + r))M\(c(x - r)) \(c(y + r))L\(c(x + r)) \(c(y - r))"
        case .diamond:
            return "M\(c(x)) \(c(y - r * 1.3))L\(c(x + r * 1.3)) \(c(y))L\(c(x)) \(c(y + r * 1.3))L\(c(x - r * 1.3)) \(c(y))Z"
        case .circle:
            return "M\(c(x - r)) \(c(y))a\(c(r)) \(c(r)) 0 1 0 \(c(2 * r)) 0a\(c(r)) \(c(r)) 0 1 0 \(c(-2 * r)) 0"
        }
    }

    func draw(_ layer: HistogramLayer, _ x: FittedAxis, _ y: FittedAxis) -> String {
        let histogram = layer.histogram
        var out = "<g fill=\"\(layer.colour)\" fill-opacity=\"\(layer.opacity)\" stroke=\"#ffffff\" stroke-width=\"0.5\">"
        guard let base = y.mapping.pixel(y.mapping.scale == .linear ? 0 : y.mapping.lower) else { return "" }
        for (index, count) in histogram.counts.enumerated() where count > 0 {
            guard let x0 = x.mapping.pixel(histogram.edges[index]), let x1 = x.mapping.pixel(histogram.edges[index + 1]),
                  let top = y.mapping.pixel(Double(count)) else { continue }
            out += "<rect x=\"\(SVGText.coordinate(x0))\" y=\"\(SVGText.coordinate(top))\" width=\"\(SVGText.coordinate(max(x1 - x0, 0.5)))\" height=\"\(SVGText.coordinate(max(base - top, 0)))\"/>"
        }
        return out + "</g>"
    }

    func draw(_ bars: BarLayer, slot: Int, of slots: Int, _ x: FittedAxis, _ y: FittedAxis) -> String {
        let band = 0.8 / Double(max(slots, 1))
        guard let base = y.mapping.pixel(y.mapping.scale == .linear ? max(min(0, y.mapping.upper), y.mapping.lower) : y.mapping.lower) else { return "" }
        var out = "<g fill=\"\(bars.colour)\">"
        for (index, value) in bars.values.enumerated() {
            let from = Double(index) - 0.4 + band * Double(slot)
            guard let x0 = x.mapping.pixel(from), let x1 = x.mapping.pixel(from + band), let top = y.mapping.pixel(value) else { continue }
            out += "<rect x=\"\(SVGText.coordinate(x0))\" y=\"\(SVGText.coordinate(min(top, base)))\" width=\"\(SVGText.coordinate(max(x1 - x0 - 1, 0.5)))\" height=\"\(SVGText.coordinate(abs(base - top)))\"/>"
        }
        return out + "</g>"
    }

    func draw(_ rule: RuleLayer, _ x: FittedAxis, _ y: FittedAxis, top: Double, bottom: Double, left: Double, right: Double) -> String {
        let dash = rule.dashed ? " stroke-dasharray=\"6 4\"" : ""
        switch rule.orientation {
        case .horizontal:
            guard let py = y.mapping.pixel(rule.value) else { return "" }
            return "<line x1=\"\(SVGText.coordinate(left))\" x2=\"\(SVGText.coordinate(right))\" y1=\"\(SVGText.coordinate(py))\" y2=\"\(SVGText.coordinate(py))\" stroke=\"\(rule.colour)\" stroke-width=\"1.2\"\(dash)/>"
        case .vertical:
            guard let px = x.mapping.pixel(rule.value) else { return "" }
            return "<line y1=\"\(SVGText.coordinate(top))\" y2=\"\(SVGText.coordinate(bottom))\" x1=\"\(SVGText.coordinate(px))\" x2=\"\(SVGText.coordinate(px))\" stroke=\"\(rule.colour)\" stroke-width=\"1.2\"\(dash)/>"
        }
    }

    /// The indices of `count` grid lines to draw, at most `limit`, evenly spread and keeping both ends.
    static func sampled(_ count: Int, limit: Int) -> [Int] {
        guard count > limit, limit >= 2 else { return Array(0..<count) }
        return (0..<limit).map { Int((Double($0) * Double(count - 1) / Double(limit - 1)).rounded()) }
    }

    func draw(_ heatmap: HeatmapLayer, _ x: FittedAxis, _ y: FittedAxis) -> String {
        let grid = heatmap.grid
        guard !grid.xs.isEmpty, !grid.ys.isEmpty else { return "" }
        let range = heatmap.colourRange ?? grid.finiteRange ?? 0...1
        let columns = Self.sampled(grid.xs.count, limit: heatmapCellLimit)
        let rows = Self.sampled(grid.ys.count, limit: heatmapCellLimit)
        /// Cell edges halfway between neighbouring sampled coordinates.
        func edges(_ indices: [Int], _ coordinates: [Double]) -> [Double] {
            let values = indices.map { coordinates[$0] }
            guard values.count > 1 else { return [values[0] - 0.5, values[0] + 0.5] }
            var result = [values[0] - (values[1] - values[0]) / 2]
            for k in 0..<(values.count - 1) { result.append((values[k] + values[k + 1]) / 2) }
            result.append(values[values.count - 1] + (values[values.count - 1] - values[values.count - 2]) / 2)
            return result
        }
        let xEdges = edges(columns, grid.xs).map { x.mapping.pixel($0) ?? 0 }
        let yEdges = edges(rows, grid.ys).map { y.mapping.pixel($0) ?? 0 }
        var out = "<g shape-rendering=\"crispEdges\">"
        let levels = 64.0
        for (r, row) in rows.enumerated() {
            let y0 = min(yEdges[r], yEdges[r + 1]), y1 = max(yEdges[r], yEdges[r + 1])
            // Runs of equal colour along a row become one rectangle.
            var runStart = 0
            var runColour = ""
            func flush(until end: Int) {
                guard end > runStart else { return }
                let x0 = xEdges[runStart], x1 = xEdges[end]
                out += "<rect x=\"\(SVGText.coordinate(min(x0, x1)))\" y=\"\(SVGText.coordinate(y0))\" width=\"\(SVGText.coordinate(abs(x1 - x0) + 0.3))\" height=\"\(SVGText.coordinate(y1 - y0 + 0.3))\" fill=\"\(runColour)\"/>"
            }
            for (c, column) in columns.enumerated() {
                let value = grid.values[row][column]
                let colour: String
                if value.isFinite {
                    let fraction = (value - range.lowerBound) / max(range.upperBound - range.lowerBound, 1e-300)
                    colour = Palette.sequential((fraction * levels).rounded() / levels)
                } else {
                    colour = "#d0d0d0"
                }
                if colour != runColour {
                    flush(until: c)
                    runStart = c
                    runColour = colour
                }
            }
            flush(until: columns.count)
        }
        out += "</g>"
        for contour in heatmap.contours {
            var path = ""
            for segment in MarchingSquares.segments(of: grid, level: contour.level) {
                guard let x0 = x.mapping.pixel(segment.start.x), let y0 = y.mapping.pixel(segment.start.y),
                      let x1 = x.mapping.pixel(segment.end.x), let y1 = y.mapping.pixel(segment.end.y) else { continue }
                path += "M\(SVGText.coordinate(x0)) \(SVGText.coordinate(y0))L\(SVGText.coordinate(x1)) \(SVGText.coordinate(y1))"
            }
            if !path.isEmpty {
                out += "<path class=\"contour\" d=\"\(path)\" fill=\"none\" stroke=\"\(contour.colour)\" stroke-width=\"1.8\" stroke-linecap=\"round\"/>"
            }
        }
        return out
    }

    func colourBar(_ heatmap: HeatmapLayer, x: Double, top: Double, bottom: Double) -> String {
        let range = heatmap.colourRange ?? heatmap.grid.finiteRange ?? 0...1
        let steps = 48
        let height = (bottom - top) / Double(steps)
        var out = "<g shape-rendering=\"crispEdges\">"
        for step in 0..<steps {
            let fraction = (Double(step) + 0.5) / Double(steps)
            let y = bottom - Double(step + 1) * height
            out += "<rect x=\"\(SVGText.coordinate(x))\" y=\"\(SVGText.coordinate(y))\" width=\"12\" height=\"\(SVGText.coordinate(height + 0.3))\" fill=\"\(Palette.sequential(fraction))\"/>"
        }
        out += "</g>"
        let mapping = ScaleMapping(scale: .linear, lower: range.lowerBound, upper: range.upperBound, start: bottom, end: top)
        let ticks = NiceTicks(low: range.lowerBound, high: range.upperBound, count: 5)
        let shown = ticks.values.filter { range.contains($0) }
        let centres = shown.map { mapping.pixel($0) ?? 0 }
        let stride = LabelThinning.stride(centres: centres, extents: centres.map { _ in Self.fontSize }, gap: 4)
        out += "<g fill=\"#333333\">"
        for index in Swift.stride(from: 0, to: shown.count, by: stride) {
            out += "<text x=\"\(SVGText.coordinate(x + 16))\" y=\"\(SVGText.coordinate(centres[index] + 4))\">\(SVGText.escape(TickLabel.linear(shown[index], fractionDigits: ticks.fractionDigits)))</text>"
        }
        out += "</g>"
        let cy = (top + bottom) / 2
        out += "<text transform=\"translate(\(SVGText.coordinate(x + 62)) \(SVGText.coordinate(cy))) rotate(-90)\" text-anchor=\"middle\" fill=\"#333333\">\(SVGText.escape(heatmap.valueLabel))</text>"
        return out
    }

    // MARK: - Legend

    struct LegendEntry {
        enum Swatch { case line(dashed: Bool, width: Double, opacity: Double), marker(ScatterLayer.Marker, opacity: Double), block }
        var text: String
        var colour: String
        var swatch: Swatch
    }

    func legendEntries(_ plot: Plot) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for layer in plot.layers {
            switch layer {
            case .line(let line):
                if let name = line.name { entries.append(LegendEntry(text: name, colour: line.colour, swatch: .line(dashed: line.dashed, width: line.width, opacity: line.opacity))) }
            case .scatter(let scatter):
                if let name = scatter.name { entries.append(LegendEntry(text: name, colour: scatter.colour, swatch: .marker(scatter.marker, opacity: scatter.opacity))) }
            case .bars(let bars):
                if let name = bars.name { entries.append(LegendEntry(text: name, colour: bars.colour, swatch: .block)) }
            case .histogram(let histogram):
                if let name = histogram.name { entries.append(LegendEntry(text: name, colour: histogram.colour, swatch: .block)) }
            case .rule(let rule):
                if let name = rule.name { entries.append(LegendEntry(text: name, colour: rule.colour, swatch: .line(dashed: rule.dashed, width: 1.2, opacity: 1))) }
            case .heatmap(let heatmap):
                for contour in heatmap.contours {
                    entries.append(LegendEntry(text: contour.label, colour: contour.colour == "#ffffff" ? "#222222" : contour.colour,
                                               swatch: .line(dashed: false, width: 1.8, opacity: 1)))
                }
                if let missing = heatmap.missingLabel {
                    entries.append(LegendEntry(text: missing, colour: "#d0d0d0", swatch: .block))
                }
            }
        }
        return entries
    }

    func legendSwatch(_ entry: LegendEntry, x: Double, y: Double) -> String {
        let c = SVGText.coordinate
        var out = "<g class=\"legend\">"
        switch entry.swatch {
        case .line(let dashed, let width, let opacity):
            out += "<line x1=\"\(c(x))\" x2=\"\(c(x + 20))\" y1=\"\(c(y - 4))\" y2=\"\(c(y - 4))\" stroke=\"\(entry.colour)\" stroke-width=\"\(max(width, 1.5))\"\(dashed ? " stroke-dasharray=\"5 3\"" : "")\(opacity < 1 ? " stroke-opacity=\"\(max(opacity, 0.4))\"" : "")/>"
        case .marker(let marker, let opacity):
            if marker == .circle {
                out += "<circle cx=\"\(c(x + 10))\" cy=\"\(c(y - 4))\" r=\"3\" fill=\"\(entry.colour)\" fill-opacity=\"\(max(opacity, 0.5))\"/>"
            } else {
                let paint = marker == .cross ? "fill=\"none\" stroke=\"\(entry.colour)\" stroke-width=\"1.6\"" : "fill=\"\(entry.colour)\""
                out += "<path d=\"\(markerPath(marker, x: x + 10, y: y - 4, r: 3.5))\" \(paint)/>"
            }
        case .block:
            out += "<rect x=\"\(c(x + 4))\" y=\"\(c(y - 10))\" width=\"12\" height=\"10\" fill=\"\(entry.colour)\"/>"
        }
        out += "<text x=\"\(c(x + 26))\" y=\"\(c(y))\" fill=\"#222222\">\(SVGText.escape(entry.text))</text></g>"
        return out
    }
}
