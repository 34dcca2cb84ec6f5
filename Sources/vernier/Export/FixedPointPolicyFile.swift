import ArgumentParser
import Foundation
import VernierFPGA

/// `fixed-point-policy.json` in an export directory: the IR the design was generated from, which the
/// bit-exact reference runs (`vernier evaluate --fixed-point DIR`).
enum FixedPointPolicyFile {
    static let name = "fixed-point-policy.json"

    /// The IR of the export at `directory`.
    static func load(directory: String) throws -> FixedPointPolicy {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else {
            throw ValidationError("\(directory) holds no \(name): pass a directory written by `vernier export`")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(FixedPointPolicy.self, from: data)
        } catch {
            throw ValidationError("\(url.path) is not a fixed-point policy: \(error)")
        }
    }
}
