/// One write the safety envelope made (or, in a dry run, would have made).
public struct WriteRecord: Sendable, Hashable, Codable {
    /// Why the point was written.
    public enum Purpose: String, Sendable, Hashable, Codable {
        /// An intermediate point of a move split by the maximum step.
        case interpolation
        /// The point an optimiser or policy asked for (after clipping).
        case target
        /// A move back to the initial or best point at the end of a run.
        case restore
    }

    /// The parameters written, in physical units.
    public var parameters: [Double]
    public var purpose: Purpose
    /// The proposal was outside the hard limits and was clipped to this point.
    public var wasClipped: Bool
    /// Nothing was written: this is what a dry run would have written.
    public var isDryRun: Bool

    public init(parameters: [Double], purpose: Purpose, wasClipped: Bool = false, isDryRun: Bool = false) {
        self.parameters = parameters
        self.purpose = purpose
        self.wasClipped = wasClipped
        self.isDryRun = isDryRun
    }
}
