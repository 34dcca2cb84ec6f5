/// A plant that can read where the machine is (a device's setpoint registers), so that a ``SafetyEnvelope`` whose
/// write failed midway — the device may or may not have taken it: the link broke between the write and its
/// confirmation, or between the write and the measurement — plans its restoring move from where the machine
/// really is, not from the last point it saw confirmed.
///
/// Without it the restoring path could start one `max_step` away from the machine's real position, and its
/// first move be up to twice the maximum; a plant that checks its own steps refuses such a move and the machine
/// is left where the fault found it.
public protocol PositionReadback {
    /// The machine's present settings (parameter order, physical units), read from the machine.
    mutating func readPosition() throws -> [Double]
}
