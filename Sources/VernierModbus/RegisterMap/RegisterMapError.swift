/// A register map that cannot be used, with the file, line and column at fault and what to do about it.
public struct RegisterMapError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The map's file path (or "<inline>").
    public var source: String
    /// Where in the file the problem is; nil when the file could not be read at all.
    public var location: SourceLocation?
    /// What is wrong and, where possible, what would be right.
    public var message: String

    public init(source: String, location: SourceLocation?, message: String) {
        self.source = source
        self.location = location
        self.message = message
    }

    /// "hardware/awake.yaml:12:5: …", the form compilers and editors understand.
    public var description: String {
        guard let location else { return "\(source): \(message)" }
        return "\(source):\(location.line):\(location.column): \(message)"
    }
}
