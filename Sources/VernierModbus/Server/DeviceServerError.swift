/// Why a device server could not start.
public enum DeviceServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A non-loopback bind address without permission.
    case remoteBindRefused(String)
    /// Options that cannot be used; the text says which and why.
    case invalidOptions(String)

    public var description: String {
        switch self {
        case .remoteBindRefused(let address):
            return "refusing to listen on \(address): a simulated device is served on loopback (127.0.0.1) unless "
                + "--allow-remote is given, so that nothing on the network mistakes it for the real instrument"
        case .invalidOptions(let text):
            return text
        }
    }
}
