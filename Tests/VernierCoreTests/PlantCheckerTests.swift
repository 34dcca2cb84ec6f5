import Testing
import VernierCore

/// The checker: a healthy plant passes; a plant broken in one way trips the rule for that way.
struct PlantCheckerTests {
    @Test func healthyPlantConforms() {
        let diagnostics = PlantChecker().check(TestPlant())
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    static let cases: [(TestPlant.Fault, CheckRule)] = [
        (.unnamedMachine, .metadataValid),
        (.unorderedSpace, .optimizationSpaceBounds),
        (.namesMismatch, .namesMatchShapes),
        (.missingConstraintValue, .constraintsMatchValues),
        (.initialOutside, .initialPointInSpace),
        (.initialNotReproducible, .initialPointReproducible),
        (.nonFiniteObjective, .objectiveFinite),
        (.unorderedObservationSpace, .observationSpaceValid),
        (.emptyActionSpace, .actionSpaceValid),
        (.unnormalizedActions, .actionsNormalized),
        (.resetIgnoresSeed, .resetReproducible),
        (.resetNilDrawsEntropy, .resetNilDoesNotReseed),
        (.resetNilRepeatsSeed, .resetNilDoesNotReseed),
        (.observationOutside, .observationInSpace),
        (.nonFiniteReward, .stepResultsFinite),
        (.stepNotReproducible, .stepReproducible),
        (.timeLimitAsTerminal, .terminatedTruncatedApart),
        (.closeTwiceThrows, .closeIsIdempotent),
    ]

    @Test("a plant broken one way trips that rule", arguments: cases)
    func brokenPlantTripsItsRule(fault: TestPlant.Fault, rule: CheckRule) {
        let diagnostics = PlantChecker().check(TestPlant(fault: fault))
        #expect(diagnostics.contains { $0.rule == rule }, "\(fault) gave \(diagnostics)")
    }

    @Test func everyRuleHasABrokenPlant() {
        #expect(Set(Self.cases.map(\.1)) == Set(CheckRule.allCases))
        #expect(Set(Self.cases.map(\.0)) == Set(TestPlant.Fault.allCases))
    }

    @Test func diagnosticsNameTheValuesSeen() throws {
        let diagnostic = try #require(
            PlantChecker().check(TestPlant(fault: .initialOutside)).first { $0.rule == .initialPointInSpace })
        #expect(diagnostic.message.contains("[5.0, 5.0]"))
        #expect(diagnostic.description.hasPrefix("[initial-point-in-space]"))
    }

    @Test func staticModeDoesNotDriveThePlant() {
        var checker = PlantChecker()
        checker.exercisesPlant = false
        // A non-finite objective is only found by evaluating; in static mode it must go unseen.
        #expect(checker.check(TestPlant(fault: .nonFiniteObjective)).isEmpty)
        #expect(checker.check(TestPlant(fault: .unnormalizedActions)).map(\.rule) == [.actionsNormalized])
    }
}
