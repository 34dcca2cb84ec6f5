import Foundation
import ArgumentParser
import VernierCore

/// `vernier demo`: what `make run` shows a newcomer until tuning lands — every plant checked, then a short
/// Pendulum rollout.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Check every registered plant, then swing the reference Pendulum for a few steps.")

    @OptionGroup var seedOption: SeedOptions

    private var seed: UInt64 { seedOption.seed }

    func run() throws {
        let registry = try PlantCatalogs.registry()
        print("Vernier — checking every registered plant against the COI + Gymnasium rules:")
        var failures = 0
        for spec in registry.specs {
            let plant: any Plant
            do {
                plant = try spec.make(.none)
            } catch let error as OptionsError {
                // modbus/Device-v1 exists only with a definition file and its device.
                print("  \(spec.id)  not checked: it \(error.message)")
                continue
            }
            let diagnostics = PlantChecker().check(plant)
            let verdict = diagnostics.isEmpty ? "ok" : "\(diagnostics.count) problem(s)"
            print("  \(spec.id)  \(verdict)")
            for diagnostic in diagnostics { print("      \(diagnostic)") }
            failures += diagnostics.isEmpty ? 0 : 1
        }
        guard var pendulum = try registry.make("classic/Pendulum-v1") as? any Environment else { return }
        print("\nPendulum-v1, seed \(seed), full torque with the swing (a = sign θ̇) for 40 steps:")
        var observation = try pendulum.reset(seed: seed).observation
        var total = 0.0
        for index in 1...40 {
            let step = try pendulum.step([observation[2] >= 0 ? 1 : -1])
            observation = step.observation
            total += step.reward
            if index % 10 == 0 {
                let angle = atan2(observation[1], observation[0])
                print("  step \(index): angle \(Format.number(angle, digits: 3)) rad, speed \(Format.number(observation[2], digits: 3)) rad/s, return so far \(Format.number(total, digits: 4))")
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }
}
