/// A network description that cannot be used.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    /// The layers do not form a usable chain.
    case invalidArchitecture(String)

    public var description: String {
        switch self {
        case .invalidArchitecture(let text): "invalid network architecture: \(text)"
        }
    }
}
