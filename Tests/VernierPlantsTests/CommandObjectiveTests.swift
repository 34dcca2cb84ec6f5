import Testing
import VernierCore
import VernierYAML
@testable import VernierPlants

/// The external-evaluator plant, driven against real child processes (python3 one-liners).
struct CommandObjectiveTests {
    static let specification = CommandObjectiveSpecification(
        objectiveName: "distance",
        parameters: [.init(name: "a", low: -1, high: 1, initial: 0.25), .init(name: "b", low: 0, high: 4, initial: nil)],
        constraints: [.init(name: "a_value", lower: nil, upper: 0.5)],
        timeoutSeconds: 10)

    /// A Python evaluator: objective (a − 0.5)² + (b − 1)², constraint a, observable = evaluations so far.
    static let goodEvaluator = """
        python3 -u -c '
        import json, sys
        count = 0
        for line in sys.stdin:
            x = json.loads(line)["x"]
            count += 1
            print(json.dumps({"objective": (x[0] - 0.5) ** 2 + (x[1] - 1) ** 2, "constraints": [x[0]], "observables": {"count": count}}))
        '
        """

    @Test func evaluatesThroughOneLongLivedProcess() throws {
        let plant = CommandObjective(command: Self.goodEvaluator, specification: Self.specification)
        defer { try? plant.close() }
        #expect(try plant.initialParameters(seed: 1) == [0.25, 2])
        let first = try plant.evaluate([0.5, 1])
        #expect(first.objective == 0 && first.constraints == [0.5])
        let second = try plant.evaluate([-0.5, 3])
        #expect(second.objective == 5)
        #expect(second.observables["count"] == 2)
        #expect(PlantChecker().check(plant).isEmpty)
    }

    @Test func crashedEvaluatorIsReportedWithItsStatusAndError() throws {
        let plant = CommandObjective(
            command: #"python3 -c 'import sys; sys.stdin.readline(); print("boom: lost the magnet", file=sys.stderr); sys.exit(3)'"#,
            specification: Self.specification)
        defer { try? plant.close() }
        do {
            _ = try plant.evaluate([0, 0])
            Issue.record("a crashed evaluator gave an evaluation")
        } catch let error as CommandObjectiveError {
            guard case .exited(_, let status, let standardError) = error else {
                Issue.record("expected .exited, got \(error)")
                return
            }
            #expect(status == 3)
            #expect(standardError.contains("boom: lost the magnet"))
            #expect(error.description.contains("exited with status 3"))
        }
        // It stays failed: no silent restart with a fresh state.
        #expect(throws: CommandObjectiveError.self) { try plant.evaluate([0, 0]) }
    }

    @Test func garbledAnswersAreRefusedWithTheLineAndTheExpectedForm() throws {
        for (answer, reason) in [("hello", "not a JSON object"), (#"{"objective": "low"}"#, "wrong type"),
                                 (#"{"value": 1}"#, "no \"objective\""), (#"{"objective": 1}"#, "0 constraint values for the 1")] {
            let plant = CommandObjective(command: "read line; echo '\(answer)'; sleep 5", specification: Self.specification)
            defer { try? plant.close() }
            do {
                _ = try plant.evaluate([0, 0])
                Issue.record("\(answer) was accepted")
            } catch let error as CommandObjectiveError {
                #expect(error.description.contains(reason), "\(error)")
                #expect(error.description.contains(#"{"objective": 1.5, "constraints": [0.2]}"#))
            }
        }
    }

    @Test func silentEvaluatorTimesOut() throws {
        var specification = Self.specification
        specification.timeoutSeconds = 0.3
        let plant = CommandObjective(command: "sleep 30", specification: specification)
        defer { try? plant.close() }
        #expect(throws: CommandObjectiveError.timedOut(seconds: 0.3)) { try plant.evaluate([0, 0]) }
    }

    @Test func wrongParameterCountIsRefusedBeforeAnythingIsSent() {
        let plant = CommandObjective(command: Self.goodEvaluator, specification: Self.specification)
        defer { try? plant.close() }
        #expect(throws: PlantError.wrongParameterCount(expected: 2, got: 3)) { try plant.evaluate([0, 0, 0]) }
    }

    @Test func spaceFilesAreValidated() throws {
        let good = try PlantOptions(yaml: """
            objective_name: loss
            parameters:
              - {name: q1, low: -2, high: 2, initial: 0.1}
              - {name: q2, low: 0, high: 1}
            constraints:
              - {name: size, upper: 1.5}
            """, source: "space.yaml").decode(CommandObjectiveSpecification.self)
        #expect(good.initialPoint == [0.1, 0.5])
        #expect(good.vernierConstraints == [Constraint(name: "size", upperBound: 1.5)])
        #expect(good.timeoutSeconds == 30)
        let bad: [(String, String)] = [
            ("parameters: [{name: q, low: 2, high: 1}]", "must be finite and below high"),
            ("parameters: [{name: q, low: 0, high: 1, initial: 3}]", "outside [0.0, 1.0]"),
            ("parameters: []", "at least one parameter"),
            ("parameters: [{name: q, low: 0, high: 1}, {name: q, low: 0, high: 1}]", "distinct"),
            ("parameters: [{name: q, low: 0, high: 1}]\nconstraints: [{name: c}]", "lower or an upper"),
            ("parameters: [{name: q, low: 0, high: 1}]\ntimeout_seconds: 0", "positive number"),
            ("paramters: [{name: q, low: 0, high: 1}]", "unknown option 'paramters'"),
        ]
        for (yaml, message) in bad {
            do {
                _ = try PlantOptions(yaml: yaml, source: "space.yaml").decode(CommandObjectiveSpecification.self)
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.message.contains(message), "\(yaml): \(error)")
            }
        }
    }
}
