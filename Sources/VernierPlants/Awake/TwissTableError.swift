/// A TWISS file that could not be used, with the line at fault.
public struct TwissTableError: Error, Equatable, CustomStringConvertible {
    /// 1-based line number in the file, or 0 when the problem is with the file as a whole.
    public var line: Int
    /// What is wrong and what the parser expected.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "line \(line): \(message)" : message
    }
}
