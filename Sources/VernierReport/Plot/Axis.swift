/// One axis of a ``Plot``: what it shows and how.
public struct Axis: Sendable, Hashable {
    /// The axis title, with its unit, e.g. `objective (mm)`.
    public var label: String
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// A fixed range (for example [0, 1] for a normalised parameter); `nil` fits the data with nice ends.
    public var domain: ClosedRange<Double>?
    /// Names of the categories for a bar chart's x axis (bar `k` sits at `k`); `nil` for a numeric axis.
    public var categories: [String]?

    public init(_ label: String, scale: AxisScale = .linear, domain: ClosedRange<Double>? = nil,
                categories: [String]? = nil) {
        self.label = label
        self.scale = scale
        self.domain = domain
        self.categories = categories
    }
}
