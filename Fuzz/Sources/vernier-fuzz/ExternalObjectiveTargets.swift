import VernierCore
import VernierYAML
@testable import VernierPlants

/// `vernier tune --objective-cmd PROGRAM --space FILE`: the space file, and the evaluator's answer lines.
enum ExternalObjectiveTargets {
    /// Refused: as the other configuration files (``ConfigurationTargets/decode(_:_:)``). Accepted: the box is
    /// a valid optimisation space with finite widths, the starting point lies inside it, and every constraint
    /// can be met.
    static func space(_ bytes: [UInt8]) {
        guard let specification = ConfigurationTargets.decode(CommandObjectiveSpecification.self, bytes) else { return }
        let space = specification.space
        FuzzCheck.require(space.problems().isEmpty, "an accepted space with problems: \(space.problems())")
        for (low, high) in zip(space.low, space.high) {
            FuzzCheck.require((high - low).isFinite, "an accepted range [\(low), \(high)] whose width is not a number")
        }
        FuzzCheck.require(space.contains(specification.initialPoint),
                          "the starting point \(specification.initialPoint) lies outside \(space)")
        for constraint in specification.constraints {
            let (lower, upper) = (constraint.lower ?? -.infinity, constraint.upper ?? .infinity)
            FuzzCheck.require(lower <= upper, "constraint \(constraint.name) accepted with lower \(lower), upper \(upper)")
        }
    }

    /// The specification answers are checked against: two parameters, two constraints.
    static let specification = CommandObjectiveSpecification(
        parameters: [.init(name: "x", low: -1, high: 1), .init(name: "y", low: 0, high: 2)],
        constraints: [.init(name: "c1", lower: 0), .init(name: "c2", upper: 1)])

    /// Refused: ``CommandObjectiveError/garbled(line:reason:)`` quoting the line. Accepted: a finite objective
    /// and one value per constraint.
    static func answer(_ bytes: [UInt8]) {
        let line = FuzzCheck.text(bytes)
        let objective = CommandObjective(command: "true", specification: specification)
        do {
            let evaluation = try objective.parse(line)
            FuzzCheck.require(evaluation.objective.isFinite, "an answer accepted with objective \(evaluation.objective): \(line)")
            FuzzCheck.require(evaluation.constraints.count == 2, "\(evaluation.constraints.count) constraint values accepted")
        } catch let error as CommandObjectiveError {
            guard case .garbled(let quoted, let reason) = error else {
                FuzzCheck.require(false, "an answer refused as \(error)")
                return
            }
            FuzzCheck.require(quoted == line && !reason.isEmpty, "refused as \(error)")
        } catch {
            FuzzCheck.require(false, "an answer refused with \(error)")
        }
    }
}
