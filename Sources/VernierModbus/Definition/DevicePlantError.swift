/// Why a `modbus/Device-v1` plant could not be opened or evaluated.
public enum DevicePlantError: Error, Sendable, CustomStringConvertible {
    /// The device did not accept a connection, or did not answer the first read.
    case unreachable(endpoint: String, definition: String, underlying: ModbusError)
    /// The model was asked to evaluate without its device (a definition computes from readings only).
    case needsDevice(String)
    /// An RL reset or step was given a vector of the wrong length or outside the space.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let definition, let underlying):
            return "cannot reach the device of \(definition) at \(endpoint): \(underlying.message) "
                + "(\(underlying.kind)\(underlying.attempts > 1 ? " after \(underlying.attempts) attempts" : "")). "
                + "Check that it is powered and listening there, or correct 'transport' in \(definition)"
        case .needsDevice(let machine):
            return "\(machine) computes its evaluation from the device's readings; open it with DevicePlant to evaluate"
        case .invalidInput(let text):
            return text
        }
    }
}
