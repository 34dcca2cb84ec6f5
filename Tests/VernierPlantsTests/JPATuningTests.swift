import Foundation
import Testing
import VernierCore
@testable import VernierPlants

@Suite("JPA tuning plant")
struct JPATuningTests {
    /// A plant without noise, drift, scenario spread or flux jumps: the device the analytic formulas describe.
    static func quietPlant(_ configure: (inout JPATuning.Options) -> Void = { _ in }) throws -> JPATuning {
        var options = JPATuning.Options()
        options.gainNoise = 0
        options.fluxDrift = 0
        options.fluxOffsetSpread = 0
        options.fluxJump = 0
        configure(&options)
        return try JPATuning(options: options)
    }

    @Test("names and units: parameters, objective, constraint, observables")
    func names() throws {
        var plant = try JPATuning()
        #expect(plant.parameterNames == ["flux_bias_ua", "pump_power_dbm", "pump_detuning_mhz"])
        #expect(plant.constraints == [Constraint(name: "stable_gain_db", lowerBound: 19.5)])
        let evaluation = try plant.evaluate(try plant.initialParameters(seed: 1))
        for name in ["gain_db", "bandwidth_mhz", "snr_improvement_db", "unstable", "flux_trapped",
                     "system_noise_temperature_k", "pump_power_at_device_dbm", "minimum_pump_power_dbm"] {
            #expect(evaluation.observables[name] != nil, "missing \(name)")
        }
        #expect(evaluation.objective == -30)
    }

    @Test("a dense bias × pump scan finds the least pump power for 20 dB where the analytic r = 0.905 condition puts it",
          arguments: [2.12, 2.3, 2.385])
    func denseScanAgreesWithAnalyticMinimum(target: Double) throws {
        var plant = try Self.quietPlant()
        _ = try plant.initialParameters(context: target, seed: nil)
        let space = try plant.optimizationSpace(context: target)
        func bestFeasiblePower(biases: [Double], powers: [Double]) -> (power: Double, bias: Double)? {
            let map = plant.paramap(biasValues: biases, powerValues: powers, context: target, ideal: true)
            return map.filter { !$0.isUnstable && $0.gain >= 20 }.min { $0.pumpPower < $1.pumpPower }
                .map { ($0.pumpPower, $0.bias) }
        }
        let coarseBias = (0...200).map { space.low[0] + (space.high[0] - space.low[0]) * Double($0) / 200 }
        let coarsePower = (0...400).map { -30 + 0.1 * Double($0) }
        let coarse = try #require(bestFeasiblePower(biases: coarseBias, powers: coarsePower))
        let fineBias = (-100...100).map { coarse.bias + 0.01 * Double($0) }
        let finePower = (-150...150).map { coarse.power + 0.002 * Double($0) }
        let fine = try #require(bestFeasiblePower(biases: fineBias, powers: finePower))
        #expect(abs(fine.bias - coarse.bias) < 0.99 && abs(fine.power - coarse.power) < 0.299, "optimum at the fine grid's edge")
        // The analytic point has the pumped resonance on the target (δ = 0). Moving the bias slightly off it
        // raises |∂f₀/∂Φ| faster than the detuning costs, which saves up to ≈ 0.07 dB near the top of the
        // band (README); the grid resolves 0.002 dB.
        #expect(abs(fine.power - plant.minimumPumpPower) < 0.1,
                "scan \(fine.power) dBm, analytic \(plant.minimumPumpPower) dBm")
        #expect(fine.power <= plant.minimumPumpPower + 0.002)
    }

    @Test("the plant's least-pump point reads 20 dB, bandwidth 0.962 κ/√G₀, and the noise budget's SNR improvement")
    func operatingPointObservables() throws {
        var plant = try Self.quietPlant()
        _ = try plant.initialParameters(context: 2.25, seed: 3)
        let optimum = try #require(plant.optimalSettings(for: 2.25, relativeTo: 2.25))
        let evaluation = try plant.evaluate(optimum, context: 2.25)
        #expect(abs((evaluation.observables["gain_db"] ?? 0) - 20) < 1e-6)
        #expect(abs((evaluation.observables["bandwidth_mhz"] ?? 0) - 0.962) < 0.001)
        #expect(evaluation.observables["unstable"] == 0)
        #expect(evaluation.constraints.count == 1 && abs(evaluation.constraints[0] - 20) < 1e-6)
        let device = plant.amplifier.devicePower(generatorPower: optimum[1])
        let expected = 10 * log10(plant.noiseBudget.snrImprovement(frequency: 2.25e9, gain: 100, devicePower: device))
        #expect(abs((evaluation.observables["snr_improvement_db"] ?? 0) - expected) < 1e-9)
        #expect(evaluation.objective == optimum[1])
        #expect(abs(optimum[1] - plant.minimumPumpPower) < 1e-12)
    }

    @Test("above threshold the plant reports unstable, never a finite gain; the constraint is the negative overdrive")
    func unstable() throws {
        var plant = try Self.quietPlant()
        let start = try plant.initialParameters(context: 2.3, seed: 1)
        let evaluation = try plant.evaluate([start[0], 10, 0])
        #expect(evaluation.observables["unstable"] == 1)
        #expect(evaluation.observables["gain_db"]?.isNaN == true)
        #expect(evaluation.observables["bandwidth_mhz"]?.isNaN == true)
        #expect(evaluation.observables["snr_improvement_db"]?.isNaN == true)
        let constraint = try #require(evaluation.constraints.first)
        #expect(constraint.isFinite && constraint < 0)
        #expect(!evaluation.isFeasible(under: plant.constraints))
        #expect(evaluation.objective.isFinite)
    }

    @Test("the flux trap near Φ₀/2 kills the gain and is hysteretic: trapped within 0.02 Φ₀, released beyond 0.04 Φ₀")
    func fluxTrap() throws {
        var plant = try Self.quietPlant()
        _ = try plant.initialParameters(context: 2.3, seed: 1)
        func bias(flux: Double) -> Double { (flux - 0.05) * JosephsonParametricAmplifier.fluxQuantum / 5e-12 * 1e6 }
        func trapped(at flux: Double) throws -> Bool {
            try plant.applySettings([bias(flux: flux), -5, 0])
            let evaluation = try plant.measure()
            if evaluation.observables["flux_trapped"] == 1 { #expect(evaluation.observables["gain_db"] == 0) }
            return evaluation.observables["flux_trapped"] == 1
        }
        #expect(try !trapped(at: 0.47))
        #expect(try trapped(at: 0.49))
        #expect(try trapped(at: 0.47))   // inside the release width: still trapped
        #expect(try trapped(at: 0.53))
        #expect(try !trapped(at: 0.45))  // beyond 0.04 Φ₀: free
        #expect(try !trapped(at: 0.47))  // from outside, 0.03 Φ₀ away is not close enough to trap
    }

    @Test("trapping jumps the flux offset by the configured spread")
    func fluxJump() throws {
        var plant = try Self.quietPlant { $0.fluxJump = 0.01 }
        _ = try plant.initialParameters(context: 2.3, seed: 1)
        let before = plant.fluxOffset
        try plant.applySettings([(0.495 - 0.05) * JosephsonParametricAmplifier.fluxQuantum / 5e-12 * 1e6, -30, 0])
        #expect(plant.fluxOffset != before)
    }

    @Test("contextual view: the bias window follows the target; evaluate(context:) retargets; out-of-range contexts are refused")
    func contextual() throws {
        var plant = try JPATuning()
        let low = try plant.optimizationSpace(context: 2.15)
        let high = try plant.optimizationSpace(context: 2.35)
        #expect(low.low[0] > high.low[0])
        #expect(abs((low.low[0] + low.high[0]) / 2 - plant.nominalBias(targetFrequency: 2.15)) < 1e-9)
        let start = try plant.initialParameters(context: 2.15, seed: 4)
        #expect(low.contains(start))
        _ = try plant.evaluate(start, context: 2.2)
        #expect(plant.targetFrequency == 2.2)
        #expect(throws: PlantError.self) { _ = try plant.optimizationSpace(context: 2.5) }
        #expect(throws: PlantError.self) { _ = try plant.evaluate(start, context: 1.0) }
    }

    @Test("COI seeds: a seed draws the true flux offset, nil keeps it")
    func seeds() throws {
        var plant = try JPATuning()
        _ = try plant.initialParameters(context: 2.3, seed: 7)
        let offset = plant.fluxOffset
        _ = try plant.initialParameters(context: 2.3, seed: nil)
        #expect(plant.fluxOffset == offset)
        _ = try plant.initialParameters(context: 2.3, seed: 8)
        #expect(plant.fluxOffset != offset)
        _ = try plant.initialParameters(context: 2.3, seed: 7)
        #expect(plant.fluxOffset == offset)
    }

    @Test("RL: an episode starts at the previous target's optimum 0.2–0.5 MHz above; stepping to the new optimum succeeds")
    func episode() throws {
        var plant = try Self.quietPlant()
        for seed in UInt64(0)..<40 {
            let reset = try plant.reset(seed: seed)
            let step = (plant.previousTargetFrequency - plant.targetFrequency) * 1000
            #expect(step >= 0.2 - 1e-9 && step <= 0.5 + 1e-9, "frequency step \(step) MHz")
            #expect(reset.observation[9] < 0)
            let start = try #require(plant.optimalSettings(for: plant.previousTargetFrequency, relativeTo: plant.targetFrequency))
            #expect(plant.settings == start)
            let goal = try #require(plant.optimalSettings(for: plant.targetFrequency, relativeTo: plant.targetFrequency))
            var succeeded = false
            for _ in 0..<6 {
                let action = [(goal[0] - plant.settings[0]) / 0.5, (goal[1] - plant.settings[1]) / 0.5,
                              (goal[2] - plant.settings[2]) / 0.5].map { min(max($0, -1), 1) }
                let result = try plant.step(action)
                let gainError = plant.lastUnstable ? 10 : min(abs(plant.lastGain - 20), 10)
                let expected = -(gainError + 0.5 * max(0, plant.settings[1] - plant.minimumPumpPower) + 0.1)
                #expect(abs(result.reward - expected) < 1e-12)
                if result.terminated {
                    succeeded = result.info.isSuccess == true
                    break
                }
            }
            #expect(succeeded, "seed \(seed) did not reach the new optimum")
        }
    }

    @Test("RL curriculum: with episode_start_from_end_probability 1 an episode starts where the last ended, the detuning grown by twice the step; a seeded reset starts at the optimum; 0.5 mixes both")
    func episodeStartFromEnd() throws {
        var plant = try Self.quietPlant { $0.episodeStartFromEnd = 1 }
        _ = try plant.reset(seed: 4)
        // A seeded reset draws a new scenario: it starts at the previous target's optimum, as by default.
        let optimum = try #require(plant.optimalSettings(for: plant.previousTargetFrequency, relativeTo: plant.targetFrequency))
        #expect(plant.settings == optimum)
        for _ in 0..<5 {
            _ = try plant.step([0.3, -0.4, 0.2])
            let ended = plant.settings, from = plant.targetFrequency
            _ = try plant.reset(seed: nil)
            #expect(plant.previousTargetFrequency == from)
            let step = (from - plant.targetFrequency) * 1000
            #expect(plant.settings[0] == ended[0] && plant.settings[1] == ended[1])
            #expect(abs(plant.settings[2] - min(ended[2] + 2 * step, plant.options.pumpDetuningLimit)) < 1e-12)
        }
        // Half and half: some starts at the optimum, some where the last episode ended.
        var mixed = try Self.quietPlant { $0.episodeStartFromEnd = 0.5 }
        _ = try mixed.reset(seed: 4)
        var fromEnd = 0, fromOptimum = 0
        for _ in 0..<40 {
            _ = try mixed.step([0.3, -0.4, 0.2])
            _ = try mixed.reset(seed: nil)
            let optimum = try #require(mixed.optimalSettings(for: mixed.previousTargetFrequency, relativeTo: mixed.targetFrequency))
            if mixed.settings == mixed.targetSpace.clip(optimum) { fromOptimum += 1 } else { fromEnd += 1 }
        }
        #expect(fromEnd >= 10 && fromOptimum >= 10, "\(fromEnd) from the end, \(fromOptimum) from the optimum")
        #expect(throws: (any Error).self) {
            _ = try PlantOptions(yaml: "{episode_start_from_end_probability: 1.5}", source: "test").decode(JPATuning.Options.self)
        }
    }

    @Test("RL: the scan runs down and wraps to the top of the range; reset options set the target")
    func scan() throws {
        var plant = try JPATuning()
        _ = try plant.reset(seed: 1, options: ResetOptions(context: 2.1001))
        #expect(plant.targetFrequency == 2.1001)
        _ = try plant.reset(seed: nil)
        #expect(plant.targetFrequency > 2.38)
        let before = plant.targetFrequency
        _ = try plant.reset(seed: nil)
        #expect(plant.targetFrequency < before)
        #expect(throws: PlantError.self) { _ = try plant.reset(seed: 1, options: ResetOptions(context: 3)) }
        #expect(throws: PlantError.self) { _ = try plant.reset(seed: 1, options: ResetOptions(state: [0])) }
    }

    @Test("paramap without context: the pump tracks the passive resonance; the trap shows near Φ₀/2")
    func paramap() throws {
        let plant = try Self.quietPlant()
        let biases = stride(from: 0.0, through: 250, by: 5).map { $0 }
        let map = plant.paramap(biasValues: biases, powerValues: [-30, -8], context: nil, ideal: true)
        #expect(map.count == biases.count * 2)
        for point in map where !point.isTrapped {
            #expect(abs(point.passiveFrequency - plant.amplifier.resonanceFrequency(flux: point.flux) / 1e9) < 1e-12)
            #expect(abs(point.pumpFrequency - 2 * point.passiveFrequency) < 1e-12)
        }
        #expect(map.contains { $0.isTrapped })
        #expect(map.filter { $0.pumpPower == -30 && FluxTrap.distanceFromHalf($0.flux) > 0.1 }.allSatisfy { $0.gain >= 0 && $0.gain < 1 })
    }

    @Test("the safety envelope: interpolated writes through applySettings, dry runs through measure")
    func safetyEnvelope() throws {
        var plant = try Self.quietPlant()
        let start = try plant.initialParameters(seed: 2)
        let goal = try #require(plant.optimalSettings(for: plant.targetFrequency, relativeTo: plant.targetFrequency))
        let limits = SafetyLimits(hardLimits: plant.optimizationSpace, maxStep: [1, 3, 0.5])
        var envelope = try SafetyEnvelope(plant: plant, limits: limits, initialPoint: start)
        let evaluation = try envelope.evaluate(goal)
        #expect(abs((evaluation.observables["gain_db"] ?? 0) - 20) < 1e-6)
        #expect(envelope.writeCount > 1)
        var dryLimits = limits
        dryLimits.dryRun = true
        var dry = try SafetyEnvelope(plant: plant, limits: dryLimits, initialPoint: start)
        #expect(try dry.evaluate(goal).objective == -30)
    }
}
