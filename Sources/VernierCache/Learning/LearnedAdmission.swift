import Foundation

/// A trained admission policy, replayable: one store/skip decision per discretised state.
///
/// Saved as JSON (`vernier cache advise` writes it; `vernier cache simulate --policy learned:FILE` reads it):
/// `{"format": "vernier-cache-admission", "version": 1, "encoder": "scdl-bins-v1", "admit": [true, false, …],
/// "visits": […]}`. States never visited during training admit (the LRU default).
public struct LearnedAdmission: Sendable, Hashable, Codable {
    public static let format = "vernier-cache-admission"
    public static let encoderName = "scdl-bins-v1"

    public var format: String = Self.format
    public var version: Int = 1
    /// The discretisation the table is indexed by.
    public var encoder: String = Self.encoderName
    /// Store (true) or skip, per state.
    public var admit: [Bool]
    /// Training decisions seen per state (0: never visited; the entry is then the default, store).
    public var visits: [Int]

    public init(admit: [Bool], visits: [Int]) {
        self.admit = admit
        self.visits = visits
    }

    private var stateEncoder: AdmissionStateEncoder { AdmissionStateEncoder() }

    enum CodingKeys: String, CodingKey { case format, version, encoder, admit, visits }

    /// Whether to store a missed file seen as `observation`.
    public func admits(_ observation: AdmissionObservation) -> Bool {
        let state = stateEncoder.state(of: observation)
        return state < admit.count ? admit[state] : true
    }

    /// Reads a saved policy, checking its format and its table's length.
    public init(contentsOf url: URL) throws {
        let decoded = try JSONDecoder().decode(LearnedAdmission.self, from: try Data(contentsOf: url))
        guard decoded.format == Self.format, decoded.encoder == Self.encoderName,
              decoded.admit.count == AdmissionStateEncoder().stateCount else {
            throw LearnedAdmissionError(message: "'\(url.path)' is not a Vernier learned admission policy "
                + "(format \(Self.format), encoder \(Self.encoderName), \(AdmissionStateEncoder().stateCount) states)")
        }
        self = decoded
    }

    /// The policy as JSON text (sorted keys, deterministic).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
