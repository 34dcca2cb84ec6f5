import Testing
import VernierCore
import VernierYAML
@testable import VernierPlants

/// `--space` files that `make fuzz` (Fuzz/, issue 16) showed mishandled, kept as tests of the fixes.
@Suite("Fuzzing regressions: the --space file")
struct CommandObjectiveSpecificationFuzzRegressionTests {
    static func specification(_ yaml: String) throws -> CommandObjectiveSpecification {
        try PlantOptions(yaml: yaml, source: "space.yaml").decode(CommandObjectiveSpecification.self)
    }

    static func refusal(_ yaml: String) -> String? {
        do {
            _ = try specification(yaml)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The default starting point, the centre, was (low + high) / 2, which overflows to ∞ near the top of the
    /// Double range: the run started outside its own space.
    @Test("the default starting point of a range near the largest Double lies inside it")
    func centreWithoutOverflow() throws {
        let space = try Self.specification("parameters:\n  - {name: a, low: 1.0e308, high: 1.7e308}\n")
        #expect(space.initialPoint == [1.35e308])
        #expect(space.space.contains(space.initialPoint))
    }

    /// A range whose width is not a number breaks every optimiser's scaling to the unit cube.
    @Test("a range wider than the largest Double is refused")
    func rangeTooWide() throws {
        let message = try #require(Self.refusal("parameters:\n  - {name: a, low: -1.0e308, high: 1.0e308}\n"))
        #expect(message.contains("space.yaml") && message.contains("parameter a") && message.contains("too wide"), "\(message)")
    }

    /// lower > upper (or a NaN limit) can never be met: every evaluation was infeasible, silently.
    @Test("a constraint that no value can meet is refused", arguments: [
        "{name: c, lower: 2, upper: 1}", "{name: c, lower: .nan}", "{name: c, upper: .nan}",
    ])
    func impossibleConstraint(bound: String) throws {
        let message = try #require(Self.refusal("parameters:\n  - {name: a, low: 0, high: 1}\nconstraints:\n  - \(bound)\n"))
        #expect(message.contains("constraint c") && message.contains("at or below upper"), "\(message)")
    }

    @Test("a constraint with equal limits is kept")
    func equalityConstraint() throws {
        let space = try Self.specification("parameters:\n  - {name: a, low: 0, high: 1}\nconstraints:\n  - {name: c, lower: 1, upper: 1}\n")
        #expect(space.constraints.count == 1)
    }
}
