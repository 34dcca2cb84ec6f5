import Testing
import VernierCore
import VernierYAML

struct RegistryTests {
    static func registry() throws -> PlantRegistry {
        var registry = PlantRegistry()
        for (namespace, name, version) in [("classic", "Pendulum", 1), ("awake", "Steering", 1), ("awake", "Steering", 2), ("jpa", "Tuning", 1)] {
            try registry.register(PlantSpec(
                id: PlantID(namespace: namespace, name: name, version: version), summary: name,
                capabilities: [.environment], make: { _ in TestPlant() }))
        }
        return registry
    }

    @Test func idsParseAndPrint() throws {
        let id = try PlantID(parsing: "awake/Steering-v12")
        #expect(id == PlantID(namespace: "awake", name: "Steering", version: 12))
        #expect(id.description == "awake/Steering-v12")
        for bad in ["Steering-v1", "awake/Steering", "awake/Steering-vX", "/Steering-v1", "a/b/c-v1", "awake/-v1", "awake/St eer-v1"] {
            #expect(throws: RegistryError.malformedID(bad)) { try PlantID(parsing: bad) }
        }
    }

    @Test func unknownIDListsNearMatches() throws {
        let registry = try Self.registry()
        #expect(throws: RegistryError.unknownID("awake/Steering-v3", nearMatches: ["awake/Steering-v1", "awake/Steering-v2"])) {
            try registry.spec(for: "awake/Steering-v3")
        }
        #expect(throws: RegistryError.unknownID("classic/Pendulm-v1", nearMatches: ["classic/Pendulum-v1"])) {
            try registry.spec(for: "classic/Pendulm-v1")
        }
        do {
            _ = try registry.spec(for: "jpa/Tunning-v1")
            Issue.record("an unknown id was accepted")
        } catch {
            #expect(error.description.contains("Did you mean jpa/Tuning-v1?"))
            #expect(error.description.contains("vernier envs"))
        }
    }

    @Test func duplicateRegistrationIsRefused() throws {
        var registry = try Self.registry()
        #expect(throws: RegistryError.duplicateID("jpa/Tuning-v1")) {
            try registry.register(PlantSpec(id: PlantID(namespace: "jpa", name: "Tuning", version: 1),
                                            summary: "", capabilities: [], make: { _ in TestPlant() }))
        }
    }

    @Test func specsAreSortedByID() throws {
        let ids = try Self.registry().specs.map(\.id.description)
        #expect(ids == ["awake/Steering-v1", "awake/Steering-v2", "classic/Pendulum-v1", "jpa/Tuning-v1"])
    }

    struct Options: OptionKeyed {
        var noise: Double
        var plane: String
        enum CodingKeys: String, CodingKey, CaseIterable { case noise, plane }
        static let optionKeys = CodingKeys.allCases.map(\.rawValue)
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            noise = try container.decode(.noise, default: 0)
            plane = try container.decode(.plane, default: "horizontal")
        }
    }

    @Test func optionsDecodeWithDefaults() throws {
        let defaults = try PlantOptions.none.decode(Options.self)
        #expect(defaults.noise == 0 && defaults.plane == "horizontal")
        let given = try PlantOptions(yaml: "noise: 0.25\nplane: vertical\n", source: "test.yaml").decode(Options.self)
        #expect(given.noise == 0.25 && given.plane == "vertical")
        let json = try PlantOptions(yaml: #"{"noise": 1e-3}"#, source: "--options").decode(Options.self)
        #expect(json.noise == 1e-3)
    }

    @Test func badOptionsNameTheProblem() throws {
        let typo = try PlantOptions(yaml: "nosie: 0.1", source: "awake.yaml")
        #expect(throws: OptionsError(source: "awake.yaml",
                                     message: "unknown option 'nosie' (did you mean noise?); known options: noise, plane")) {
            try typo.decode(Options.self)
        }
        let wrongType = try PlantOptions(yaml: "noise: loud", source: "awake.yaml")
        do {
            _ = try wrongType.decode(Options.self)
            Issue.record("a string was accepted as a number")
        } catch {
            #expect(error.message.contains("'noise'"))
        }
        #expect(throws: OptionsError.self) { try PlantOptions(yaml: "noise: [1, 2", source: "bad.yaml") }
        #expect(throws: OptionsError.self) { try PlantOptions(yaml: "- 1\n- 2", source: "list.yaml") }
    }

    @Test func editDistanceIsLevenshtein() {
        #expect(NearMatch.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(NearMatch.editDistance(Array(""), Array("abc")) == 3)
        #expect(NearMatch.editDistance(Array("flaw"), Array("lawn")) == 2)
    }
}
