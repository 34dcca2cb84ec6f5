/// A plant refused an input.
public enum PlantError: Error, Equatable, CustomStringConvertible {
    /// An action had the wrong number of elements.
    case wrongActionCount(expected: Int, got: Int)
    /// A parameter vector had the wrong number of elements.
    case wrongParameterCount(expected: Int, got: Int)
    /// A reset state could not be used; the text says what is expected.
    case invalidResetState(String)
    /// A value outside what the plant accepts; the text names it and the valid range.
    case outOfRange(String)

    public var description: String {
        switch self {
        case .wrongActionCount(let expected, let got):
            return "the action has \(got) elements, the plant takes \(expected)"
        case .wrongParameterCount(let expected, let got):
            return "the parameter vector has \(got) elements, the plant takes \(expected)"
        case .invalidResetState(let text), .outOfRange(let text):
            return text
        }
    }
}
