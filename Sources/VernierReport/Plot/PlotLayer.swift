/// One thing drawn in a ``Plot``. Every layer with a `name` gets a legend entry; `--json` exports every point
/// of every layer, whatever is drawn.
public enum PlotLayer: Sendable {
    case line(LineLayer)
    case scatter(ScatterLayer)
    case bars(BarLayer)
    case histogram(HistogramLayer)
    case rule(RuleLayer)
    case heatmap(HeatmapLayer)

    /// The legend text, if the layer has one.
    public var name: String? {
        switch self {
        case .line(let layer): return layer.name
        case .scatter(let layer): return layer.name
        case .bars(let layer): return layer.name
        case .histogram(let layer): return layer.name
        case .rule(let layer): return layer.name
        case .heatmap: return nil
        }
    }
}

/// A polyline through (x, y) points, or a staircase (``Interpolation/step``: the value holds until the next x).
public struct LineLayer: Sendable, Hashable {
    public enum Interpolation: String, Sendable, Hashable { case linear, step }
    public var name: String?
    public var x: [Double]
    public var y: [Double]
    public var colour: String
    public var interpolation: Interpolation
    public var dashed: Bool
    /// Stroke width in pixels.
    public var width: Double
    /// 0 (invisible) to 1.
    public var opacity: Double

    public init(name: String?, x: [Double], y: [Double], colour: String, interpolation: Interpolation = .linear,
                dashed: Bool = false, width: Double = 1.5, opacity: Double = 1) {
        precondition(x.count == y.count, "a line needs one y per x")
        self.name = name
        self.x = x
        self.y = y
        self.colour = colour
        self.interpolation = interpolation
        self.dashed = dashed
        self.width = width
        self.opacity = opacity
    }
}

/// Points drawn as markers.
public struct ScatterLayer: Sendable, Hashable {
    public enum Marker: String, Sendable, Hashable { case circle, cross, diamond }
    public var name: String?
    public var x: [Double]
    public var y: [Double]
    public var colour: String
    public var marker: Marker
    /// Marker radius in pixels.
    public var radius: Double
    public var opacity: Double

    public init(name: String?, x: [Double], y: [Double], colour: String, marker: Marker = .circle,
                radius: Double = 2.5, opacity: Double = 1) {
        precondition(x.count == y.count, "a scatter needs one y per x")
        self.name = name
        self.x = x
        self.y = y
        self.colour = colour
        self.marker = marker
        self.radius = radius
        self.opacity = opacity
    }
}

/// One value per category of the x axis (``Axis/categories``); several bar layers sit side by side.
public struct BarLayer: Sendable, Hashable {
    public var name: String?
    public var values: [Double]
    public var colour: String

    public init(name: String?, values: [Double], colour: String) {
        self.name = name
        self.values = values
        self.colour = colour
    }
}

/// A ``Histogram`` drawn as adjacent bars.
public struct HistogramLayer: Sendable, Hashable {
    public var name: String?
    public var histogram: Histogram
    public var colour: String
    public var opacity: Double

    public init(name: String?, histogram: Histogram, colour: String, opacity: Double = 0.85) {
        self.name = name
        self.histogram = histogram
        self.colour = colour
        self.opacity = opacity
    }
}

/// A straight line across the plot at one value (a limit, a target), with an optional label.
public struct RuleLayer: Sendable, Hashable {
    public enum Orientation: String, Sendable, Hashable { case horizontal, vertical }
    public var name: String?
    public var orientation: Orientation
    public var value: Double
    public var colour: String
    public var dashed: Bool

    public init(name: String?, orientation: Orientation = .horizontal, value: Double, colour: String = Palette.neutral,
                dashed: Bool = true) {
        self.name = name
        self.orientation = orientation
        self.value = value
        self.colour = colour
        self.dashed = dashed
    }
}

/// A grid of values as colours (viridis), with contour lines at chosen levels and a colour bar.
public struct HeatmapLayer: Sendable, Hashable {
    /// A contour to draw over the heatmap.
    public struct Contour: Sendable, Hashable {
        public var level: Double
        public var label: String
        public var colour: String
        public init(level: Double, label: String, colour: String = "#ffffff") {
            self.level = level
            self.label = label
            self.colour = colour
        }
    }
    public var grid: Grid
    /// What the colour means, with its unit (the colour bar's title).
    public var valueLabel: String
    /// The values at the ends of the colour map; `nil` uses the grid's finite range.
    public var colourRange: ClosedRange<Double>?
    public var contours: [Contour]
    /// What a NaN cell means (shown in grey), e.g. `unstable`.
    public var missingLabel: String?

    public init(grid: Grid, valueLabel: String, colourRange: ClosedRange<Double>? = nil, contours: [Contour] = [],
                missingLabel: String? = nil) {
        self.grid = grid
        self.valueLabel = valueLabel
        self.colourRange = colourRange
        self.contours = contours
        self.missingLabel = missingLabel
    }
}
