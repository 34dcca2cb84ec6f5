/// A titled chart: two axes and the layers drawn on them, rendered to SVG by ``PlotRenderer``.
public struct Plot: Sendable {
    /// The title above the chart (also what tests look for in the page).
    public var title: String
    public var x: Axis
    public var y: Axis
    /// Drawn in order (later layers on top).
    public var layers: [PlotLayer]
    /// Width of the whole SVG in pixels.
    public var width: Double
    /// Height of the whole SVG in pixels.
    public var height: Double

    public init(title: String, x: Axis, y: Axis, layers: [PlotLayer], width: Double = 640, height: Double = 320) {
        self.title = title
        self.x = x
        self.y = y
        self.layers = layers
        self.width = width
        self.height = height
    }
}
