/// Why a Modbus-backed plant refused a move or stopped: what the map's limits forbid, or what the device
/// reported back.
public enum ModbusPlantError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A parameter vector of the wrong length.
    case wrongParameterCount(expected: Int, got: Int)
    /// One write would move a parameter further than the map's `max_step`.
    case stepTooLarge(parameter: String, from: Double, to: Double, maxStep: Double, location: SourceLocation)
    /// The value read back after the settle time differs from the value written by more than the tolerance.
    case readbackMismatch(parameter: String, written: Double, read: Double, tolerance: Double, location: SourceLocation)
    /// A reading lies outside the range the map states for it (a faulty or saturated instrument, or a wrong
    /// scale in the map).
    case readingOutOfBounds(reading: String, value: Double, bounds: ClosedRange<Double>, location: SourceLocation)
    /// The model's parameter box and the map's bounds for a parameter do not intersect.
    case noWritableRange(parameter: String, model: ClosedRange<Double>, map: ClosedRange<Double>, location: SourceLocation)

    public var description: String {
        switch self {
        case .wrongParameterCount(let expected, let got):
            return "a point with \(got) parameters was given to a plant with \(expected); nothing was written"
        case .stepTooLarge(let name, let from, let to, let step, let location):
            return "moving \(name) from \(from) to \(to) exceeds its max_step \(step) (register map \(location)); "
                + "nothing was written (split the move, or let the safety envelope split it with max_step ≤ \(step))"
        case .readbackMismatch(let name, let written, let read, let tolerance, let location):
            return "read-back of \(name) after settling is \(read), but \(written) was written (tolerance \(tolerance), "
                + "register map \(location)): the device did not take the setpoint; the run stops"
        case .readingOutOfBounds(let name, let value, let bounds, let location):
            return "reading \(name) = \(value) lies outside its bounds [\(bounds.lowerBound), \(bounds.upperBound)] "
                + "(register map \(location)): check the instrument, or the map's scale and offset"
        case .noWritableRange(let name, let model, let map, let location):
            return "parameter \(name): the plant's range [\(model.lowerBound), \(model.upperBound)] and the map's bounds "
                + "[\(map.lowerBound), \(map.upperBound)] (\(location)) do not overlap, so nothing could be written"
        }
    }
}
