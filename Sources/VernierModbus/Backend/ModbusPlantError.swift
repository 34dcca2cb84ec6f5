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
    /// The evaluation computed from the device's readings has an objective that is not a finite number (NaN or
    /// ±infinity), or a constraint value that is infinite: `readings` names the non-finite readings it was
    /// computed from (name, value, map location). A measurement that is not a number is never taken as a result.
    case nonFiniteMeasurement(quantity: String, value: Double, readings: [NonFiniteReading])
    /// The model's parameter box and the map's bounds for a parameter do not intersect.
    case noWritableRange(parameter: String, model: ClosedRange<Double>, map: ClosedRange<Double>, location: SourceLocation)
    /// A context was asked of a plant whose model has none.
    case noContext
    /// A context (the device's, or one asked for) outside the range the model accepts; `name` says what it is.
    case contextOutOfRange(context: Double, range: ClosedRange<Double>, name: String)
    /// Another context was asked of a device the map gives no context register: it stays where it is.
    case contextFixed(device: Double, requested: Double, name: String)
    /// The RL view of a contextual model moves the context each episode, which needs a context register.
    case contextNotWritable(name: String)

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
        case .nonFiniteMeasurement(let quantity, let value, let readings):
            let cause = readings.isEmpty
                ? "every reading it was computed from is finite (the model produced it)"
                : "the device reported " + readings.map { "\($0.name) = \($0.value) (register map \($0.location))" }
                    .joined(separator: ", ")
            return "the \(quantity) measured on the device is \(value), not a finite number: \(cause); a measurement "
                + "that is not a number is never taken as a result, so the run stops (check the instrument's readout)"
        case .noContext:
            return "the plant has no context (such as a target frequency) to set"
        case .contextOutOfRange(let context, let range, let name):
            return "\(name) \(context) lies outside the plant's range [\(range.lowerBound), \(range.upperBound)]"
        case .contextFixed(let device, let requested, let name):
            return "the register map has no 'context:' register, so the device stays at \(name) \(device); "
                + "\(requested) cannot be set over Modbus (map a context register, or configure the device there)"
        case .contextNotWritable(let name):
            return "each episode moves the \(name), but the register map has no 'context:' register to write it to; "
                + "add one (see hardware/README.md)"
        case .noWritableRange(let name, let model, let map, let location):
            return "parameter \(name): the plant's range [\(model.lowerBound), \(model.upperBound)] and the map's bounds "
                + "[\(map.lowerBound), \(map.upperBound)] (\(location)) do not overlap, so nothing could be written"
        }
    }
}

/// A reading that was NaN or infinite when an evaluation was refused (see
/// ``ModbusPlantError/nonFiniteMeasurement(quantity:value:readings:)``).
public struct NonFiniteReading: Sendable, Hashable {
    /// The reading's name in the register map.
    public var name: String
    /// What was read: NaN, +infinity or −infinity.
    public var value: Double
    /// Where the map declares it.
    public var location: SourceLocation

    public init(name: String, value: Double, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}
