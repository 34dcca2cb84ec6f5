/// Why a sweep file was refused: the file, the line (1-based; `nil` when the file cannot be read or parsed at
/// all), the problem and the fix.
public struct SweepFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}
