import Testing
import VernierCore
import VernierYAML
import VernierMath
@testable import VernierPlants

@Suite("synthetic/Steering-v1")
struct LinearSteeringTests {
    @Test("conforms to every rule of the checker")
    func conforms() throws {
        let plant = try PlantCatalog.specs.first { $0.id.description == "synthetic/Steering-v1" }.map { try $0.make(.none) }
        #expect(PlantChecker().check(try #require(plant)).isEmpty)
    }

    @Test("the response is lower-triangular: corrector j moves only BPMs j…N, by column j of R")
    func triangularResponse() throws {
        var plant = LinearSteering()
        let zero = try plant.evaluate(Array(repeating: 0, count: 10))
        for corrector in 0..<10 {
            var kick = Array(repeating: 0.0, count: 10)
            kick[corrector] = 0.5
            let moved = try plant.evaluate(kick)
            for bpm in 0..<10 {
                let name = "bpm_\(bpm + 1)"
                let change = (moved.observables[name] ?? .nan) - (zero.observables[name] ?? .nan)
                if bpm < corrector {
                    #expect(change == 0, "corrector \(corrector + 1) moved the upstream \(name)")
                } else {
                    #expect(abs(change - 0.5 * plant.response[bpm, corrector]) < 1e-12)
                }
            }
            #expect(plant.response[corrector, corrector] >= 1 && plant.response[corrector, corrector] < 1.5)
        }
    }

    @Test("the objective is the BPM RMS, zero at the hidden optimum inside the range")
    func optimum() throws {
        var plant = LinearSteering()
        #expect(try plant.initialParameters(seed: 3) == Array(repeating: 0, count: 10))
        #expect(plant.target.allSatisfy { abs($0) <= 1 })
        #expect(try plant.evaluate(plant.target).objective < 1e-12)
        // At the origin the BPMs read the incoming error b = −R θ*.
        let origin = try plant.evaluate(Array(repeating: 0, count: 10))
        let expected = (plant.incoming.reduce(0) { $0 + $1 * $1 } / 10).squareRoot()
        #expect(abs(origin.objective - expected) < 1e-12 && expected > 0.1)
        let readings = plant.readingNames.map { origin.observables[$0] ?? .nan }
        #expect(try plant.evaluation(readings: readings, parameters: Array(repeating: 0, count: 10)) == origin)
    }

    @Test("options decode with their keys (bad ones: SyntheticDeviceTests)")
    func options() throws {
        let decoded = try PlantOptions(yaml: "{dimension: 4, noise: 0.01, response_seed: 2}", source: "t")
            .decode(LinearSteering.Options.self)
        #expect(decoded.dimension == 4 && decoded.noise == 0.01 && decoded.responseSeed == 2)
    }
}
