/// The transverse plane a steering problem acts in.
public enum TransversePlane: String, Sendable, Hashable, Codable, CaseIterable {
    /// x: the bending plane of most lines.
    case horizontal
    /// y.
    case vertical

    /// Whether a TWISS element of `keyword` is a beam-position monitor reading this plane
    /// (`MONITOR` reads both; `HMONITOR`/`VMONITOR` one).
    public func isMonitor(_ keyword: String) -> Bool {
        keyword == "MONITOR" || keyword == (self == .horizontal ? "HMONITOR" : "VMONITOR")
    }

    /// Whether a TWISS element of `keyword` is an orbit corrector acting in this plane
    /// (`KICKER` acts in both; `HKICKER`/`VKICKER` in one).
    public func isCorrector(_ keyword: String) -> Bool {
        keyword == "KICKER" || keyword == (self == .horizontal ? "HKICKER" : "VKICKER")
    }
}
