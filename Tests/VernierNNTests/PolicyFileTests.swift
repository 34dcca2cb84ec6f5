import Foundation
import Testing
import VernierMath
@testable import VernierNN

/// A small trained-looking policy: 3 → 8 → 2, tanh, Gaussian head, normalised observations.
func samplePolicyFile(plantID: String = "classic/Pendulum-v1", seed: UInt64 = 1) -> PolicyFile {
    var generator = SeededGenerator(seed: seed)
    func numbers(_ count: Int) -> [Double] { (0..<count).map { _ in generator.nextStandardNormal() / 3 } }
    return PolicyFile(
        plantID: plantID, observationCount: 3,
        layers: [
            .init(inputs: 3, outputs: 8, activation: .tanh, weights: numbers(24), bias: numbers(8)),
            .init(inputs: 8, outputs: 2, activation: .linear, weights: numbers(16), bias: numbers(2)),
        ],
        head: .init(kind: .gaussian, logStd: [-0.5, 0.1]),
        observationNormalization: .init(mean: numbers(3), variance: numbers(3).map { $0 * $0 + 0.1 }, clip: 10, epsilon: 1e-8),
        actionScaling: .continuous(low: [-1, -1], high: [1, 1]),
        provenance: .init(algorithm: "ppo", steps: 1024, seed: seed))
}

/// The policy's JSON as a mutable dictionary, and back.
func editedJSON(_ file: PolicyFile, _ edit: (inout [String: Any]) -> Void) throws -> Data {
    var object = try #require(try JSONSerialization.jsonObject(with: file.encoded()) as? [String: Any])
    edit(&object)
    return try JSONSerialization.data(withJSONObject: object)
}

@Suite struct PolicyFileTests {
    @Test func roundTripIsBitIdentical() throws {
        let file = samplePolicyFile()
        let loaded = try PolicyFile.decode(file.encoded())
        #expect(loaded == file)
        #expect(loaded.flatParameters.map(\.bitPattern) == file.flatParameters.map(\.bitPattern))
        let normalization = try #require(loaded.observationNormalization)
        #expect(normalization.variance.map(\.bitPattern) == file.observationNormalization!.variance.map(\.bitPattern))
        // Identical outputs, bit for bit.
        let original = try Policy(file), reloaded = try Policy(loaded)
        var a = [0.0, 0.0], b = [0.0, 0.0]
        for observation in [[0.1, -0.3, 2.0], [1, 0, -8], [-0.5, 0.5, 0.25]] {
            original.act(observation, into: &a)
            reloaded.act(observation, into: &b)
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
            #expect(original.lastNetworkOutputs.map(\.bitPattern) == reloaded.lastNetworkOutputs.map(\.bitPattern))
        }
    }

    @Test func writesDeterministicBytes() throws {
        #expect(try samplePolicyFile().encoded() == samplePolicyFile().encoded())
    }

    @Test func fileOnDiskLoadsBack() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-policy-\(UInt64.random(in: 0...UInt64.max)).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try samplePolicyFile().write(to: url)
        #expect(try PolicyFile.load(from: url) == samplePolicyFile())
    }

    @Test func truncatedFileIsRefused() throws {
        let data = try samplePolicyFile().encoded()
        #expect { try PolicyFile.decode(data.prefix(data.count / 2)) } throws: { error in
            guard case PolicyFileError.notJSON = error else { return false }
            return "\(error)".contains("truncated")
        }
    }

    @Test func otherJSONIsRefused() {
        #expect(throws: PolicyFileError.notAPolicyFile(found: nil)) { try PolicyFile.decode(Data("{\"weights\": [1, 2]}".utf8)) }
        #expect(throws: PolicyFileError.notAPolicyFile(found: "onnx")) { try PolicyFile.decode(Data("{\"format\": \"onnx\"}".utf8)) }
    }

    @Test func wrongVersionIsRefused() throws {
        let data = try editedJSON(samplePolicyFile()) { $0["format_version"] = 2 }
        #expect(throws: PolicyFileError.unsupportedVersion(found: 2, supported: 1)) { try PolicyFile.decode(data) }
    }

    @Test func missingFieldIsNamed() throws {
        let data = try editedJSON(samplePolicyFile()) { object in
            var layers = object["layers"] as! [[String: Any]]
            layers[1].removeValue(forKey: "bias")
            object["layers"] = layers
        }
        #expect(throws: PolicyFileError.missingField("layers[1].bias")) { try PolicyFile.decode(data) }
        let noPlant = try editedJSON(samplePolicyFile()) { $0.removeValue(forKey: "plant_id") }
        #expect(throws: PolicyFileError.missingField("plant_id")) { try PolicyFile.decode(noPlant) }
    }

    @Test func wrongTypeIsNamed() throws {
        let data = try editedJSON(samplePolicyFile()) { $0["observation_count"] = "three" }
        #expect { try PolicyFile.decode(data) } throws: { error in
            guard case PolicyFileError.wrongType(let field, _) = error else { return false }
            return field == "observation_count"
        }
    }

    @Test func wrongShapesAreRefused() throws {
        // A weight short in layer 0.
        let shortWeights = try editedJSON(samplePolicyFile()) { object in
            var layers = object["layers"] as! [[String: Any]]
            layers[0]["weights"] = Array((layers[0]["weights"] as! [Double]).dropLast())
            object["layers"] = layers
        }
        #expect { try PolicyFile.decode(shortWeights) } throws: { error in
            guard case PolicyFileError.shapeMismatch(let text) = error else { return false }
            return text.contains("layer 0 has 23 weights")
        }
        // Normalisation statistics for another observation size.
        let wrongStatistics = try editedJSON(samplePolicyFile()) { object in
            var normalization = object["observation_normalization"] as! [String: Any]
            normalization["mean"] = [0.0, 0.0]
            object["observation_normalization"] = normalization
        }
        #expect { try PolicyFile.decode(wrongStatistics) } throws: { error in
            guard case PolicyFileError.shapeMismatch(let text) = error else { return false }
            return text.contains("observation_normalization")
        }
        // Layers that do not chain.
        let broken = try editedJSON(samplePolicyFile()) { object in
            var layers = object["layers"] as! [[String: Any]]
            layers[1]["inputs"] = 7
            object["layers"] = layers
        }
        #expect { try PolicyFile.decode(broken) } throws: { error in
            guard case PolicyFileError.shapeMismatch(let text) = error else { return false }
            return text.contains("layer 0 has 8 outputs but layer 1 takes 7 inputs")
        }
    }

    @Test func checksumMismatchIsRefused() throws {
        let data = try editedJSON(samplePolicyFile()) { object in
            var layers = object["layers"] as! [[String: Any]]
            var weights = layers[1]["weights"] as! [Double]
            weights[3] += 1e-9
            layers[1]["weights"] = weights
            object["layers"] = layers
        }
        #expect { try PolicyFile.decode(data) } throws: { error in
            guard case PolicyFileError.checksumMismatch(let stored, let computed) = error else { return false }
            return stored == samplePolicyFile().checksum && stored != computed
        }
    }

    @Test func plantMismatchIsRefused() throws {
        let file = try PolicyFile.decode(samplePolicyFile().encoded())
        #expect(throws: PolicyFileError.plantMismatch(policy: "classic/Pendulum-v1", requested: "awake/Steering-v1")) {
            try file.requirePlant("awake/Steering-v1")
        }
        try file.requirePlant("classic/Pendulum-v1")
        #expect("\(PolicyFileError.plantMismatch(policy: "a/B-v1", requested: "c/D-v1"))".contains("--env a/B-v1"))
    }

    @Test func checksumCoversEveryNumber() {
        var file = samplePolicyFile()
        let original = file.checksum
        file.observationNormalization?.clip = 5
        #expect(file.computedChecksum() != original)
        file = samplePolicyFile()
        file.head.logStd[0] = -0.0 - 0.5
        #expect(file.computedChecksum() == original)
        file.actionScaling.high[1] = 0.9
        #expect(file.computedChecksum() != original)
        #expect(original.hasPrefix("fnv1a64:") && original.count == 8 + 16)
    }
}
