import Foundation
import Testing
@testable import VernierNN

/// Policy files that `make fuzz` (Fuzz/, issue 16) showed crashing the reader, kept as tests of the fix.
@Suite("Fuzzing regressions: policy files")
struct PolicyFileFuzzRegressionTests {
    /// Layer sizes whose product overflows `Int` trapped in `validate()` (an arithmetic overflow), before the
    /// checksum is checked: any damaged file could stop `vernier evaluate` / `vernier run` with a crash.
    @Test("layer sizes whose product overflows are refused as a shape mismatch")
    func overflowingLayerSizes() throws {
        let data = try editedJSON(samplePolicyFile()) { object in
            var layers = object["layers"] as? [[String: Any]] ?? []
            layers[0]["inputs"] = Int.max / 2 + 1
            object["layers"] = layers
            object["observation_count"] = Int.max / 2 + 1
        }
        #expect {
            _ = try PolicyFile.decode(data)
        } throws: { error in
            guard case PolicyFileError.shapeMismatch(let detail) = error else { return false }
            return detail.contains("layer 0 has 24 weights") && detail.contains("more than \(Int.max)")
        }
    }

    /// The same for a state-dependent head: its log-std count is latent × actions.
    @Test("a state-dependent head whose size overflows is refused as a shape mismatch")
    func overflowingStateDependentHead() throws {
        var file = samplePolicyFile()
        file.head = .init(kind: .stateDependentGaussian, logStd: [0])
        file.layers[1].inputs = Int.max / 2 + 1
        #expect(throws: PolicyFileError.self) { try file.validate() }
    }
}
