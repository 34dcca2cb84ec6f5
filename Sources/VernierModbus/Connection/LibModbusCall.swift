import CModbus
import Foundation

/// The one funnel every libmodbus call goes through: it makes the call, reads `errno` at once (before any
/// other call can overwrite it), retries when a signal interrupted the call (`EINTR`), and turns a failure into
/// a ``ModbusError`` carrying the function, endpoint, unit and registers.
///
/// As swift-system's `valueOrErrno` and swift-nio's `syscall` wrapper: one place decides what a failed C call
/// means, so no caller can forget to check, or read a stale `errno`.
struct LibModbusCall {
    /// The device's endpoint, for messages.
    var endpoint: String
    /// The unit addressed, if any.
    var unit: Int?

    /// Runs `body` (which returns libmodbus's `int` result, −1 on failure) until it is not interrupted.
    ///
    /// - Returns: the non-negative result.
    /// - Throws: ``ModbusError`` built from the `errno` the failed call left.
    @inline(__always)
    func callAsFunction(
        _ function: StaticString, address: Int? = nil, count: Int? = nil, connecting: Bool = false,
        _ body: () -> Int32
    ) throws(ModbusError) -> Int32 {
        while true {
            errno = 0
            let result = body()
            let code = errno
            if result >= 0 { return result }
            if code == EINTR { continue }
            throw ModbusError(code: code == 0 ? EIO : code, function: "\(function)", endpoint: endpoint, unit: unit,
                              address: address, count: count, connecting: connecting)
        }
    }

    /// Runs `body`, which returns a pointer (NULL on failure), until it is not interrupted.
    @inline(__always)
    func pointer<Pointee>(_ function: StaticString, _ body: () -> Pointee?) throws(ModbusError) -> Pointee {
        while true {
            errno = 0
            let result = body()
            let code = errno
            if let result { return result }
            if code == EINTR { continue }
            throw ModbusError(code: code == 0 ? EINVAL : code, function: "\(function)", endpoint: endpoint, unit: unit)
        }
    }
}

/// Blocking pauses (settle times, back-off) that survive signals.
enum Pause {
    /// Sleeps `seconds` (≤ 0 returns at once), resuming after an interrupting signal until the time is up.
    static func sleep(seconds: Double) {
        guard seconds > 0, seconds.isFinite else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR {
            request = remaining
        }
    }
}
