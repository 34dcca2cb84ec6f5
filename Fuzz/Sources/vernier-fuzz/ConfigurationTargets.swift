import Foundation
import VernierCore
import VernierOptimize
import VernierPlants
import VernierRL
import VernierYAML
@testable import VernierCLI
@testable import VernierStore

/// The configuration files of `tune`, `run` and `train`, read as the commands read them
/// (`PlantOptions(yaml:source:)` then `decode`).
///
/// Accepted: the value is valid for the code that uses it (its `problems()` are empty, optimisers build from it,
/// the safety envelope's work per move stays bounded) and survives the run store's JSON (a resumed run reads its
/// configuration back from there). Refused: an ``OptionsError`` naming the file, with `line:column` for YAML
/// syntax errors (the decoder of values has no positions; its messages name the key path instead).
enum ConfigurationTargets {
    static let source = "fuzz.yaml"

    static func tune(_ bytes: [UInt8]) {
        guard let configuration = decode(TuneConfiguration.self, bytes) else { return }
        roundTrip(configuration, "tune configuration")
        let stopping = StoppingConditions(maxEvaluations: 1, targetObjective: configuration.stopping.targetObjective,
                                          stagnation: configuration.stopping.stagnation)
        FuzzCheck.require(stopping.problems().isEmpty, "accepted stopping conditions with problems: \(stopping.problems())")
        safety(configuration.safety)
        optimizers(configuration.optimizer)
    }

    static func run(_ bytes: [UInt8]) {
        guard let configuration = decode(RunConfiguration.self, bytes) else { return }
        roundTrip(configuration, "run configuration")
        safety(configuration.safety)
    }

    static func ppo(_ bytes: [UInt8]) {
        guard let configuration = decode(PPOConfiguration.self, bytes) else { return }
        // `vernier train` refuses a configuration with problems; one without must be storable.
        guard configuration.problems().isEmpty else { return }
        _ = configuration.logLines
        roundTrip(configuration, "PPO configuration")
    }

    // MARK: - Shared checks

    /// The value the CLI would decode, or nil after checking the refusal.
    static func decode<T: OptionKeyed>(_ type: T.Type, _ bytes: [UInt8]) -> T? {
        let text = FuzzCheck.text(bytes)
        do {
            return try PlantOptions(yaml: text, source: source).decode(T.self)
        } catch {
            FuzzCheck.require(error.source == source, "the refusal names '\(error.source)', not the file: \(error)")
            FuzzCheck.require(!error.message.isEmpty, "an empty refusal")
            if error.message.hasPrefix("not valid YAML") {
                FuzzCheck.require(FuzzCheck.hasLineAndColumn(error.message),
                                  "a YAML syntax error without line:column: \(error.message)")
            }
            return nil
        }
    }

    /// `value` written and read back as the run store does (a resumed run's configuration comes from there).
    static func roundTrip<T: Codable & Equatable>(_ value: T, _ what: String) {
        let data: Data
        do {
            data = try StoredJSON.encoder().encode(value)
        } catch {
            FuzzCheck.require(false, "an accepted \(what) cannot be stored: \(error)")
            return
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            let back = try StoredJSON.decoder().decode(T.self, from: data)
            FuzzCheck.require(back == value, "an accepted \(what) reads back different from the store: \(text)")
        } catch {
            FuzzCheck.require(false, "an accepted \(what), stored as \(text), does not read back: \(error)")
        }
    }

    /// The safety section against a two-parameter plant: its limits are sane once its plant-specific problems are
    /// ruled out, and the longest move takes at most `max_writes_per_move` writes.
    static func safety(_ safety: SafetyConfiguration) {
        let space = Box(low: [-1, 0], high: [1, 1e-3])
        guard safety.problems(space: space, names: ["a", "b"]).isEmpty else { return }
        let limits = safety.limits(space: space, dryRun: true)
        FuzzCheck.require(limits.problems(dimension: 2).isEmpty, "limits with problems: \(limits.problems(dimension: 2))")
        let (low, high) = (limits.hardLimits.low, limits.hardLimits.high)
        if let steps = limits.maxStep {
            let ratio = zip(zip(low, high), steps).map { ($0.1 - $0.0) / $1 }.max() ?? 0
            FuzzCheck.require(ratio.rounded(.up) <= safety.maxWritesPerMove,
                              "a move of \(ratio) max_steps accepted with max_writes_per_move \(safety.maxWritesPerMove)")
            // The envelope's own count (which may add a write so that rounded moves stay within max_step),
            // only where it is cheap to compute: an operator may confirm any number of writes.
            if ratio <= 10_000 {
                let count = SafetyEnvelope<CommandObjective>.stepCount(from: low, to: high, maxStep: steps)
                FuzzCheck.require(Double(count) <= max(1, ratio.rounded(.up)) + 1,
                                  "the envelope splits a move of \(ratio) max_steps into \(count) writes")
            }
        }
    }

    /// Every optimiser builds from the section (or refuses with an ``OptimizerError``) and its first suggestion
    /// lies inside the space.
    static func optimizers(_ configuration: OptimizerConfiguration) {
        let space = Box(low: [-1, -2], high: [1, 2])
        let problem = OptimizationProblem(space: space, initialPoint: [0, 0])
        for kind in [OptimizerKind.bayesian, .nelderMead, .extremumSeeking, .random, .latinHypercube] {
            guard var optimizer = try? AnyOptimizer(kind: kind, problem: problem, configuration: configuration, seed: 1)
            else { continue }
            guard let points = try? optimizer.suggest(1) else { continue }
            for point in points {
                FuzzCheck.require(point.count == 2 && space.contains(point),
                                  "\(kind) suggested \(point) outside \(space) for \(configuration)")
            }
        }
    }
}
