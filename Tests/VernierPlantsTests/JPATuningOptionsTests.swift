import Foundation
import Testing
import VernierCore
import VernierYAML
@testable import VernierPlants

@Suite("JPA tuning options")
struct JPATuningOptionsTests {
    static func make(_ yaml: String) throws -> JPATuning {
        try JPATuning.make(try PlantOptions(yaml: yaml, source: "test"))
    }

    @Test("defaults: the issue's device (f_λ/4 = 2.6 GHz, γ = 0.08, κ/2π = 10 MHz) and task (20 dB)")
    func defaults() throws {
        let plant = try JPATuning.make(.none)
        #expect(plant.options == JPATuning.Options())
        #expect(plant.amplifier == JosephsonParametricAmplifier())
        #expect(plant.options.targetGain == 20 && plant.options.gainNoise == 0.2)
        #expect(JPATuning.Options.optionKeys.count == 41)
        #expect(plant.options.episodeStartFromEnd == 0)
    }

    @Test("options decode from their YAML keys")
    func keys() throws {
        let plant = try Self.make("""
            linewidth_mhz: 12
            pump_line_attenuation_db: 60
            target_frequency_ghz: 2.2
            gain_noise_db: 0
            reward_power_weight: 2
            max_episode_steps: 40
            """)
        #expect(plant.options.linewidth == 12 && plant.options.externalLinewidth == 12)
        #expect(plant.amplifier.linewidth == 12e6 && plant.amplifier.pumpLineAttenuation == 60)
        #expect(plant.targetFrequency == 2.2 && plant.options.gainNoise == 0)
        #expect(plant.options.rewardPowerWeight == 2 && plant.metadata.maxEpisodeSteps == 40)
    }

    @Test("unknown keys are refused")
    func unknown() {
        #expect {
            _ = try Self.make("pump_powr_max_dbm: 5")
        } throws: { error in
            "\(error)".contains("unknown option 'pump_powr_max_dbm'") && "\(error)".contains("pump_power_max_dbm")
        }
    }

    @Test("out-of-range values are refused, naming the option and its valid range", arguments: [
        ("linewidth_mhz: 0", "linewidth_mhz", "[0.1, 200.0]"),
        ("external_linewidth_mhz: 20", "external_linewidth_mhz", "10"),
        ("target_frequency_max_ghz: 2.45", "target_frequency_max_ghz", "GHz"),
        ("target_frequency_ghz: 2.0", "target_frequency_ghz", "2.1"),
        ("hemt_transmission: 0", "hemt_transmission", "(0, 1]"),
        ("pump_power_max_dbm: -40", "pump_power_max_dbm", "-30"),
        ("jump_release_half_width_phi0: 0.01", "jump_release_half_width_phi0", "0.02"),
        ("max_episode_steps: 0", "max_episode_steps", "[1, 100000]"),
    ])
    func outOfRange(yaml: String, option: String, range: String) {
        #expect {
            _ = try Self.make(yaml)
        } throws: { error in
            "\(error)".contains(option) && "\(error)".contains(range)
        }
    }

    @Test("options that make the scan unreachable are refused with what to change")
    func unreachable() {
        #expect {
            _ = try Self.make("pump_power_max_dbm: -10")
        } throws: { error in
            "\(error)".contains("pump_power_max_dbm") && "\(error)".contains("2.39 GHz")
        }
    }
}
