import Foundation
import Testing
import VernierCore
import VernierYAML
import VernierMath
@testable import VernierPlants

/// Gymnasium's Pendulum-v1, replayed from trajectories Gymnasium itself wrote
/// (`scripts/gymnasium_pendulum_fixture.py`), and its analytic properties.
struct PendulumTests {
    struct Fixture: Decodable {
        struct Trajectory: Decodable {
            struct Record: Decodable {
                var observation: [Double]
                var reward: Double
                var terminated: Bool
                var truncated: Bool
            }

            var name: String
            var state: [Double]
            var torques: [Double]
            var steps: [Record]
        }

        var gymnasium_version: String
        var trajectories: [Trajectory]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/pendulum_gymnasium", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static let trajectoryNames: [String] = (try? fixture().trajectories.map(\.name)) ?? []

    @Test("replays Gymnasium's trajectory to 1e-4", arguments: trajectoryNames)
    func replaysGymnasium(name: String) throws {
        let trajectory = try #require(try Self.fixture().trajectories.first { $0.name == name })
        var pendulum = Pendulum()
        _ = try pendulum.reset(seed: 1, options: ResetOptions(state: trajectory.state))
        #expect(trajectory.steps.count > 0)
        for (index, expected) in trajectory.steps.enumerated() {
            // Gymnasium's action is the torque u; Vernier's is the normalised a = u / 2 (exact in binary).
            let step = try pendulum.step([trajectory.torques[index] / 2])
            for (got, want) in zip(step.observation, expected.observation) {
                #expect(abs(got - want) <= 1e-4, "step \(index + 1) observation \(step.observation) vs \(expected.observation)")
            }
            #expect(abs(step.reward - expected.reward) <= 1e-4, "step \(index + 1) reward \(step.reward) vs \(expected.reward)")
            #expect(step.terminated == expected.terminated)
            #expect(step.truncated == expected.truncated, "step \(index + 1)")
        }
    }

    @Test func fixtureCoversOutOfRangeActionsAndTruncation() throws {
        let fixture = try Self.fixture()
        #expect(fixture.trajectories.count >= 5)
        #expect(fixture.trajectories.contains { $0.torques.contains { abs($0) > 2 } })
        #expect(fixture.trajectories.contains { $0.steps.last?.truncated == true && $0.steps.count == 200 })
    }

    @Test func angleNormalisationMatchesPythonModulo() {
        // ((x + π) mod 2π) − π with Python's floored modulo.
        #expect(Pendulum.normalizeAngle(0) == 0)
        #expect(Pendulum.normalizeAngle(Double.pi) == -Double.pi)
        #expect(abs(Pendulum.normalizeAngle(3 * Double.pi / 2) - (-Double.pi / 2)) < 1e-15)
        #expect(abs(Pendulum.normalizeAngle(-3 * Double.pi / 2) - (Double.pi / 2)) < 1e-15)
        #expect(abs(Pendulum.normalizeAngle(7) - (7 - 2 * Double.pi)) < 1e-15)
    }

    @Test func hangingAtRestStaysAtRestAndPaysPiSquared() throws {
        var pendulum = Pendulum()
        _ = try pendulum.reset(seed: nil, options: ResetOptions(state: [Double.pi, 0]))
        let step = try pendulum.step([0])
        // sin π is 1.2e-16, so θ̇ grows by 15 · 1.2e-16 · 0.05 per step: at rest to rounding.
        #expect(abs(step.observation[2]) < 1e-14)
        #expect(abs(step.reward + Double.pi * Double.pi) < 1e-12)
    }

    @Test func resetStateOptionIsExactAndValidated() throws {
        var pendulum = Pendulum()
        let reset = try pendulum.reset(seed: nil, options: ResetOptions(state: [0.25, -1.5]))
        #expect(reset.observation == [cos(0.25), sin(0.25), -1.5])
        #expect(throws: PlantError.self) { try pendulum.reset(seed: nil, options: ResetOptions(state: [1])) }
        #expect(throws: PlantError.self) { try pendulum.reset(seed: nil, options: ResetOptions(state: [.nan, 0])) }
    }

    @Test func seededResetsDrawFromGymnasiumsRanges() throws {
        var pendulum = Pendulum()
        for seed in 0..<200 as Range<UInt64> {
            _ = try pendulum.reset(seed: seed, options: nil)
            #expect(abs(pendulum.state.angle) <= Double.pi)
            #expect(abs(pendulum.state.speed) <= 1)
        }
    }

    @Test func passesTheChecker() {
        #expect(PlantChecker().check(Pendulum()).isEmpty)
    }

    @Test func optionsAreValidated() throws {
        let custom = try PlantOptions(yaml: "g: 9.81\nmax_episode_steps: 10", source: "test")
        let pendulum = Pendulum(options: try custom.decode(Pendulum.Options.self))
        #expect(pendulum.options.gravity == 9.81 && pendulum.options.maxEpisodeSteps == 10)
        let typo = try PlantOptions(yaml: "gravity: 9.81", source: "test")
        #expect(throws: OptionsError.self) { try typo.decode(Pendulum.Options.self) }
        let negative = try PlantOptions(yaml: "max_episode_steps: 0", source: "test")
        #expect(throws: OptionsError.self) { try negative.decode(Pendulum.Options.self) }
    }
}
