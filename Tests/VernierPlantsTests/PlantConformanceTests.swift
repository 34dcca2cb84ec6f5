import Foundation
import Testing
import VernierCore
import VernierYAML
@testable import VernierPlants

@Suite("COI + Gymnasium conformance")
struct PlantConformanceTests {
    @Test("awake/Steering-v1 passes every checker rule, in both planes and with every disturbance on")
    func awake() throws {
        #expect(PlantChecker().check(try AwakeSteering()) == [])
        var options = AwakeSteering.Options()
        options.plane = .vertical
        options.bpmNoise = 0.2
        options.driftAmplitude = 0.1
        options.quadrupoleSpread = 0.2
        #expect(PlantChecker().check(try AwakeSteering(options: options)) == [])
    }

    @Test("jpa/Tuning-v1 passes every checker rule, with and without noise")
    func jpa() throws {
        #expect(PlantChecker().check(try JPATuning()) == [])
        var options = JPATuning.Options()
        options.gainNoise = 0
        options.fluxDrift = 0
        #expect(PlantChecker().check(try JPATuning(options: options)) == [])
    }

    @Test("the registry lists both plants with their capabilities and option files")
    func registry() throws {
        var registry = PlantRegistry()
        try PlantCatalog.register(into: &registry)
        let awake = try registry.spec(for: "awake/Steering-v1")
        let jpa = try registry.spec(for: "jpa/Tuning-v1")
        #expect(awake.capabilities == [.optimizable, .environment])
        #expect(jpa.capabilities == [.optimizable, .contextual, .environment])
        #expect(awake.defaultOptionsFile == "environments/awake.yaml" && jpa.defaultOptionsFile == "environments/jpa.yaml")
        #expect(try registry.make("jpa/Tuning-v1") is JPATuning)
    }

    @Test("the option files in environments/ build plants that pass the checker", arguments: [
        ("awake/Steering-v1", "environments/awake.yaml"),
        ("awake/Steering-v1", "environments/awake-vertical.yaml"),
        ("jpa/Tuning-v1", "environments/jpa.yaml"),
    ])
    func optionFiles(id: String, path: String) throws {
        var registry = PlantRegistry()
        try PlantCatalog.register(into: &registry)
        let options = try PlantOptions(contentsOf: RepositoryFiles.root.appendingPathComponent(path))
        #expect(PlantChecker().check(try registry.make(id, options: options)) == [])
    }

    @Test("environments/awake.yaml and environments/jpa.yaml state every option at its default")
    func documentedDefaults() throws {
        let awake = try PlantOptions(contentsOf: RepositoryFiles.root.appendingPathComponent("environments/awake.yaml"))
        #expect(try AwakeSteering.make(awake).options == AwakeSteering.Options())
        #expect(Set(awake.keys) == Set(AwakeSteering.Options.optionKeys).subtracting(["optics_file"]))
        let jpa = try PlantOptions(contentsOf: RepositoryFiles.root.appendingPathComponent("environments/jpa.yaml"))
        #expect(try JPATuning.make(jpa).options == JPATuning.Options())
        #expect(Set(jpa.keys) == Set(JPATuning.Options.optionKeys))
    }
}
