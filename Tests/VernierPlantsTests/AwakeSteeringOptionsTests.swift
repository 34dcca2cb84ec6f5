import Foundation
import Testing
import VernierCore
import VernierYAML
@testable import VernierPlants

@Suite("AWAKE steering options")
struct AwakeSteeringOptionsTests {
    static func make(_ yaml: String) throws -> AwakeSteering {
        try AwakeSteering.make(try PlantOptions(yaml: yaml, source: "test"))
    }

    @Test("no options: the defaults of the issue")
    func defaults() throws {
        let plant = try AwakeSteering.make(.none)
        #expect(plant.options == AwakeSteering.Options())
        #expect(plant.options.plane == .horizontal && plant.options.correctorLimit == 1e-3
                && plant.options.actionScale == 1e-4 && plant.options.misalignment == 5e-4
                && plant.options.maxEpisodeSteps == 50 && plant.options.successRMS == 1)
        #expect(plant.metadata.maxEpisodeSteps == 50 && plant.metadata.successObjective == 1)
    }

    @Test("every option decodes from its YAML key")
    func everyKey() throws {
        let plant = try Self.make("""
            plane: vertical
            corrector_limit_rad: 0.002
            action_scale_rad: 0.0002
            misalignment_rad: 0.0004
            success_rms_mm: 0.5
            max_episode_steps: 30
            bpm_noise_mm: 0.1
            drift_amplitude: 0.05
            drift_period_steps: 200
            quadrupole_strength_spread: 0.1
            """)
        var expected = AwakeSteering.Options()
        expected.plane = .vertical
        expected.correctorLimit = 0.002
        expected.actionScale = 0.0002
        expected.misalignment = 0.0004
        expected.successRMS = 0.5
        expected.maxEpisodeSteps = 30
        expected.bpmNoise = 0.1
        expected.driftAmplitude = 0.05
        expected.driftPeriod = 200
        expected.quadrupoleSpread = 0.1
        #expect(plant.options == expected)
        #expect(Set(AwakeSteering.Options.optionKeys).count == 11)
    }

    @Test("unknown keys are refused with a suggestion")
    func unknownKey() {
        #expect {
            _ = try Self.make("bpm_nosie_mm: 0.1")
        } throws: { error in
            "\(error)".contains("unknown option 'bpm_nosie_mm'") && "\(error)".contains("bpm_noise_mm")
        }
    }

    @Test("out-of-range values are refused, naming the option and its valid range", arguments: [
        ("corrector_limit_rad: 0.5", "corrector_limit_rad", "0.01"),
        ("action_scale_rad: 0.01", "action_scale_rad", "0.001"),
        ("misalignment_rad: 0.001", "misalignment_rad", "0.001"),
        ("max_episode_steps: 0", "max_episode_steps", "100000"),
        ("bpm_noise_mm: -1", "bpm_noise_mm", "mm"),
        ("drift_amplitude: 2", "drift_amplitude", "0.5"),
        ("plane: diagonal", "plane", "horizontal or vertical"),
        ("success_rms_mm: 0", "success_rms_mm", "(0, 5]"),
    ])
    func outOfRange(yaml: String, option: String, range: String) {
        #expect {
            _ = try Self.make(yaml)
        } throws: { error in
            "\(error)".contains(option) && "\(error)".contains(range)
        }
    }

    @Test("optics_file: a relative path resolves against the options file's folder")
    func opticsFileBesideOptions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-awake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("optics"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: RepositoryFiles.tt43Optics,
                                         to: folder.appendingPathComponent("optics/tt43.out"))
        let optionsFile = folder.appendingPathComponent("awake.yaml")
        try "optics_file: optics/tt43.out\nplane: vertical\n".write(to: optionsFile, atomically: true, encoding: .utf8)
        let plant = try AwakeSteering.make(try PlantOptions(contentsOf: optionsFile))
        let embedded = try AwakeSteering(options: plant.options, optics: TT43Optics.table)
        #expect(plant.designResponse == embedded.designResponse)
    }

    @Test("optics_file: a missing or malformed file is refused, naming the option")
    func opticsFileErrors() throws {
        #expect {
            _ = try Self.make("optics_file: no/such/file.out")
        } throws: { error in
            "\(error)".contains("optics_file 'no/such/file.out' not found")
        }
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-bad-\(UUID().uuidString).out")
        try "* NAME KEYWORD S\n".write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        #expect {
            _ = try Self.make("optics_file: \(bad.path)")
        } throws: { error in
            "\(error)".contains("optics_file") && "\(error)".contains("BETX")
        }
    }

    @Test("the registry builds awake/Steering-v1 from its YAML options")
    func registry() throws {
        var registry = PlantRegistry()
        try PlantCatalog.register(into: &registry)
        let plant = try registry.make("awake/Steering-v1", options: try PlantOptions(yaml: "plane: vertical", source: "test"))
        let steering = try #require(plant as? AwakeSteering)
        #expect(steering.options.plane == .vertical)
    }
}
