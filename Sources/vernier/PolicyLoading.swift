import ArgumentParser
import Foundation
import VernierCore
import VernierNN

/// Loading a policy file for `evaluate` and `run`, with every refusal turned into a `ValidationError`.
enum PolicyLoading {
    /// The policy at `path`, checked against the plant id `requestedPlant` (when given) and `environment`'s spaces.
    static func load(path: String, requestedPlant: String?) throws -> Policy {
        do {
            let file = try PolicyFile.load(from: URL(fileURLWithPath: path))
            if let requestedPlant { try file.requirePlant(requestedPlant) }
            return try Policy(file)
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    /// Refuses a plant whose spaces do not fit the policy.
    static func requireCompatible(_ policy: Policy, with environment: any Environment, id: String) throws {
        let observationCount = environment.observationSpace.elementCount
        guard observationCount == policy.observationCount else {
            throw ValidationError("the policy reads \(policy.observationCount) observation elements; \(id) gives \(observationCount)")
        }
        switch (environment.actionSpace, policy.file.actionScaling.kind) {
        case (.box(let box), .continuous) where box.count == policy.actionCount:
            return
        case (.discrete(let discrete), .discrete) where discrete.count == policy.file.actionScaling.choices:
            return
        default:
            throw ValidationError("the policy's actions (\(policy.file.actionScaling.kind.rawValue), \(policy.actionCount) elements) do not fit \(id)'s action space \(environment.actionSpace)")
        }
    }

    /// Builds the plant `id` as an environment.
    static func environment(id: String, optionsText: String?) throws -> any Environment {
        let plant = try PlantFactory.make(id: id, optionsText: optionsText)
        guard let environment = plant as? any Environment else {
            throw ValidationError("\(id) is not an environment: a policy cannot act on it (see `vernier envs`)")
        }
        return environment
    }
}
