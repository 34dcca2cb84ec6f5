import ArgumentParser
import VernierCore

/// `vernier check ID`: the COI + Gymnasium conformance checker.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a plant against every rule of CERN COI's coi.check and Gymnasium's check_env.",
        discussion: "Exit status 0 when the plant conforms, 1 with the diagnostics otherwise.")

    @OptionGroup var plant: PlantSelection

    @OptionGroup var seedOption: SeedOptions

    @Flag(help: "Only check the static rules: evaluate no points and step no episodes (for live hardware).")
    var staticOnly = false

    @OptionGroup var output: OutputOptions

    struct Report: Encodable {
        var id: String
        var conformant: Bool
        var rulesChecked: [String]
        var diagnostics: [CheckDiagnostic]
    }

    func run() throws {
        let instance = try plant.makePlant()
        var checker = PlantChecker(seed: seedOption.seed)
        // Random points and random actions are only for simulations; a live machine gets the static rules.
        checker.exercisesPlant = !staticOnly && instance.metadata.isSimulated
        let diagnostics = checker.check(instance)
        if output.json {
            try JSONOutput.print(Report(id: plant.id, conformant: diagnostics.isEmpty,
                                        rulesChecked: CheckRule.allCases.map(\.rawValue), diagnostics: diagnostics))
        } else if diagnostics.isEmpty {
            let scope = checker.exercisesPlant ? "" : " (static rules only: the plant was not driven)"
            print("\(plant.id): conforms to every rule\(scope).")
        } else {
            print("\(plant.id): \(diagnostics.count) rule violation(s):")
            for diagnostic in diagnostics { print("  \(diagnostic)") }
        }
        if !diagnostics.isEmpty { throw ExitCode.failure }
    }
}
