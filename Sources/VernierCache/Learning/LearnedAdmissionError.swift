/// A file that is not a learned admission policy Vernier can replay.
public struct LearnedAdmissionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
