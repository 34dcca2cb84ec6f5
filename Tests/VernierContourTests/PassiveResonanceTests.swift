import Foundation
import Testing
import VernierCore
import VernierMath
@testable import VernierPlants

/// The JPA's passive-resonance reading: f₀ at the present bias with the pump off, one measurement, its own noise
/// stream; and the level set the plant declares.
@Suite("JPA passive-resonance reading")
struct PassiveResonanceTests {
    static func plant(noise: Bool) throws -> JPATuning {
        var options = JPATuning.Options()
        if !noise {
            options.gainNoise = 0
            options.fluxDrift = 0
        }
        return try JPATuning(options: options)
    }

    @Test("noise off: with the pump off the evaluation reports f₀(Φ(bias)) exactly; with the pump on it reports none")
    func exactWithoutNoise() throws {
        var plant = try Self.plant(noise: false)
        let start = try plant.initialParameters(seed: 7)
        for bias in [start[0] - 10, start[0], start[0] + 7.5] {
            let off = try plant.evaluate([bias, -30, 0])
            let exact = plant.amplifier.resonanceFrequency(flux: plant.flux(bias: bias)) / 1e9
            #expect(off.observables[JPATuning.passiveResonanceName] == exact)
            let on = try plant.evaluate([bias, -29.5, 0])
            #expect(on.observables[JPATuning.passiveResonanceName] == nil)
        }
        // The nominal bias of the target puts the passive resonance within the scenario's offset of it.
        let reading = try #require(try plant.evaluate([plant.nominalBias(targetFrequency: 2.3), -30, 0]).observables[JPATuning.passiveResonanceName])
        #expect(abs(reading - 2.3) < 0.02)
    }

    @Test("noise on: within a few 20 kHz of f₀, and the gain readings' noise stream is untouched by it")
    func noiseHasItsOwnStream() throws {
        var withReading = try Self.plant(noise: true), without = try Self.plant(noise: true)
        let start = try withReading.initialParameters(seed: 11)
        _ = try without.initialParameters(seed: 11)
        let off = try withReading.evaluate([start[0], -30, 0])
        let exact = withReading.amplifier.resonanceFrequency(flux: withReading.flux(bias: start[0])) / 1e9
        let reading = try #require(off.observables[JPATuning.passiveResonanceName])
        #expect(reading != exact && abs(reading - exact) < 5 * JPATuning.passiveResonanceNoise)
        // The twin measures once with the pump just on instead (no passive reading): one gain reading each, so
        // every later reading draws the same noise.
        #expect(try without.evaluate([start[0], -29.999, 0]).observables[JPATuning.passiveResonanceName] == nil)
        for point in [[start[0], -8, 0], [start[0] + 1, -6, 0.5], [start[0], -30, 0]] {
            let a = try withReading.evaluate(point), b = try without.evaluate(point)
            #expect(a.observables["gain_db"]?.bitPattern == b.observables["gain_db"]?.bitPattern)
        }
    }

    @Test("the level set: stable_gain_db driven up by pump_power_dbm, flagged by unstable, placed by the passive resonance on the target")
    func levelSet() throws {
        var plant = try Self.plant(noise: true)
        _ = try plant.initialParameters(context: 2.2, seed: 1)
        let levelSet = try #require(plant.metadata.levelSet)
        #expect(levelSet.constraint == "stable_gain_db" && levelSet.drive == "pump_power_dbm" && levelSet.increasing)
        #expect(levelSet.instabilityObservable == "unstable")
        #expect(levelSet.placement == LevelSetStructure.Placement(
            parameter: "flux_bias_ua", observable: "passive_resonance_ghz", target: 2.2, resolution: JPATuning.passiveResonanceNoise))
        #expect(plant.constraints.map(\.name).contains(levelSet.constraint))
        #expect(plant.parameterNames.contains(levelSet.drive))
    }
}
