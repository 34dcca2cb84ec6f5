import Foundation
import Testing
import VernierCore
import VernierMath
@testable import VernierPlants

@Suite("AWAKE steering plant")
struct AwakeSteeringTests {
    /// R⁻¹ column by column (LAPACK LU), for the inverse-response policy.
    static func inverse(_ matrix: Matrix) throws -> Matrix {
        var inverse = Matrix(rows: matrix.rows, columns: matrix.columns)
        for column in 0..<matrix.columns {
            var unit = Array(repeating: 0.0, count: matrix.rows)
            unit[column] = 1
            let solution = try matrix.solve(unit)
            for row in 0..<matrix.rows { inverse[row, column] = solution[row] }
        }
        return inverse
    }

    @Test("names: parameters are the 10 kept correctors, observables the 10 kept BPMs in mm plus rms_mm")
    func names() throws {
        var plant = try AwakeSteering()
        #expect(plant.parameterNames == ["MCAWA.430029", "MCAWA.430040", "MCAWA.430104", "MCAWA.430130", "MCAWA.430204",
                                         "MCAWA.430309", "MCAWA.412344", "MCAWA.412345", "MCAWA.412347", "MCAWA.412349"])
        let evaluation = try plant.evaluate(try plant.initialParameters(seed: 3))
        let monitors = ["BPM.430039", "BPM.430103", "BPM.430129", "BPM.430203", "BPM.430308",
                        "BPM.412343", "BPM.412345", "BPM.412347", "BPM.412349", "BPM.412351"]
        #expect(Set(evaluation.observables.keys) == Set(monitors + ["rms_mm", "beam_lost"]))
        let readings = monitors.compactMap { evaluation.observables[$0] }
        #expect(readings == plant.lastReadings.map { $0 * 1000 })
        #expect(abs(evaluation.objective - Statistics.rootMeanSquare(readings)) < 1e-12)
        #expect(evaluation.observables["rms_mm"] == evaluation.objective)
    }

    @Test("initial states: settings 0, k_err within ±5e-4 rad, every reading ≤ 9.5 mm, RMS > 2 mm", arguments: TransversePlane.allCases)
    func initialStates(plane: TransversePlane) throws {
        var options = AwakeSteering.Options()
        options.plane = plane
        var plant = try AwakeSteering(options: options)
        for seed in UInt64(0)..<200 {
            let start = try plant.initialParameters(seed: seed)
            #expect(start == Array(repeating: 0, count: 10))
            #expect(plant.misalignmentKicks.allSatisfy { abs($0) <= 5e-4 })
            let evaluation = try plant.evaluate(start)
            let readings = plant.lastReadings
            #expect(readings.allSatisfy { abs($0) <= 0.0095 }, "seed \(seed): \(readings)")
            #expect(evaluation.objective > 2, "seed \(seed): RMS \(evaluation.objective) mm")
            // s₀ = R · k_err exactly (settings are 0).
            let expected = plant.designResponse.matrix * plant.misalignmentKicks
            for (reading, value) in zip(readings, expected) { #expect(abs(reading - value) < 1e-15) }
        }
    }

    @Test("the optimum k* = −k_err gives zero trajectory, lies inside the limits and away from the centre")
    func optimum() throws {
        var plant = try AwakeSteering()
        _ = try plant.initialParameters(seed: 11)
        let optimum = plant.misalignmentKicks.map { -$0 }
        #expect(plant.optimizationSpace.contains(optimum))
        #expect(optimum.contains { $0 != 0 })
        let evaluation = try plant.evaluate(optimum)
        #expect(evaluation.objective < 1e-12)
        #expect(evaluation.observables["beam_lost"] == 0)
    }

    /// Runs `episodes` seeded episodes with the inverse-response policy; returns the steps to success
    /// (nil for an episode that did not succeed).
    static func inversePolicyEpisodes(plane: TransversePlane, clipComponents: Bool, episodes: Int) throws -> [Int?] {
        var options = AwakeSteering.Options()
        options.plane = plane
        var plant = try AwakeSteering(options: options)
        let inverse = try inverse(plant.designResponse.matrix)
        var outcome: [Int?] = []
        for seed in 0..<episodes {
            var observation = try plant.reset(seed: UInt64(seed)).observation
            var stepsToSuccess: Int? = nil
            for stepIndex in 1...plant.options.maxEpisodeSteps {
                // a = −R⁻¹ s, with s in metres and a in units of the action scale.
                let readings = observation.map { $0 / AwakeSteering.observationPerMetre }
                var action = (inverse * readings).map { -$0 / plant.options.actionScale }
                if clipComponents { action = action.map { min(max($0, -1), 1) } }
                let step = try plant.step(action)
                observation = step.observation
                if step.terminated {
                    if step.info.isSuccess == true { stepsToSuccess = stepIndex }
                    break
                }
            }
            outcome.append(stepsToSuccess)
        }
        return outcome
    }

    @Test("inverse-response policy, scaled by the plant (max|a| → 1): every one of 1,000 episodes succeeds within 4 steps",
          arguments: TransversePlane.allCases)
    func inversePolicyScaled(plane: TransversePlane) throws {
        let outcome = try Self.inversePolicyEpisodes(plane: plane, clipComponents: false, episodes: 1000)
        let steps = outcome.compactMap { $0 }
        #expect(steps.count == 1000, "\(1000 - steps.count) episodes failed")
        #expect(steps.allSatisfy { $0 <= 4 }, "longest \(steps.max() ?? -1) steps")
        let median = Statistics.median(steps.map(Double.init))
        // Vertically the median is 3; horizontally 4: the ±1e-4 rad step limit and |k_err| up to 5e-4 rad
        // make the direction-preserving move take ⌈max|k_err| / 1e-4 · (1 − 0.1/RMS₀)⌉ steps (README).
        #expect(median <= (plane == .vertical ? 3 : 4), "median \(median)")
    }

    @Test("inverse-response policy, clipped per corrector to [−1, 1]: median ≤ 3 steps, every episode succeeds within 5",
          arguments: TransversePlane.allCases)
    func inversePolicyClipped(plane: TransversePlane) throws {
        let outcome = try Self.inversePolicyEpisodes(plane: plane, clipComponents: true, episodes: 1000)
        let steps = outcome.compactMap { $0 }
        #expect(steps.count == 1000, "\(1000 - steps.count) episodes failed")
        #expect(steps.allSatisfy { $0 <= 5 }, "longest \(steps.max() ?? -1) steps")
        #expect(Statistics.median(steps.map(Double.init)) <= 3)
    }

    @Test("beam loss: from the first BPM with |s| ≥ 10 mm on, every reading is ±10 mm with that BPM's sign",
          arguments: 0..<10)
    func beamLoss(corrector: Int) throws {
        var plant = try AwakeSteering()
        var kicks = Array(repeating: 0.0, count: 10)
        kicks[corrector] = 1e-3
        let observation = try plant.reset(seed: 1, options: ResetOptions(state: kicks)).observation
        let raw = plant.designResponse.matrix.column(corrector).map { $0 * 1e-3 }
        let first = raw.firstIndex { abs($0) >= 0.01 }
        for (index, value) in observation.enumerated() {
            if let first, index >= first {
                #expect(value == (raw[first] < 0 ? -1 : 1))
            } else {
                #expect(abs(value - raw[index] * 100) < 1e-12)
            }
        }
        let step = try plant.step(Array(repeating: 0, count: 10))
        let rms = Statistics.rootMeanSquare(step.observation)
        #expect(step.reward == -rms)
        #expect(step.info.isSuccess == (first == nil && rms < 0.1))
        #expect(step.terminated == (first != nil || rms < 0.1))
    }

    @Test("one exact corrective step succeeds: reward ≈ 0, terminated, not truncated")
    func exactCorrection() throws {
        var plant = try AwakeSteering()
        let kicks = [0.8, -0.5, 0.3, 0.1, -0.9, 0.2, 0.05, -0.3, 0.6, -0.7].map { $0 * 1e-4 }
        _ = try plant.reset(seed: 1, options: ResetOptions(state: kicks))
        let step = try plant.step(kicks.map { -$0 / 1e-4 })
        #expect(step.terminated && !step.truncated)
        #expect(step.info.isSuccess == true)
        #expect(abs(step.reward) < 1e-12)
        #expect(zip(plant.settings, kicks).allSatisfy { abs($0 + $1) < 1e-18 })
    }

    @Test("actions beyond [−1, 1] are divided by max|a|; settings saturate at the corrector limit")
    func actionScaling() throws {
        var a = try AwakeSteering(), b = try AwakeSteering()
        _ = try a.reset(seed: 4)
        _ = try b.reset(seed: 4)
        let large = [4.0, -2, 0, 0, 0, 0, 0, 0, 0, 1]
        let stepA = try a.step(large)
        let stepB = try b.step(large.map { $0 / 4 })
        #expect(stepA.observation == stepB.observation)
        #expect(a.settings[0] == 1e-4 && a.settings[1] == -0.5e-4)
        var c = try AwakeSteering()
        _ = try c.reset(seed: 4)
        for _ in 0..<12 { _ = try c.step([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }
        #expect(c.settings[0] == 1e-3)
        #expect(throws: PlantError.wrongActionCount(expected: 10, got: 3)) { _ = try c.step([0, 0, 0]) }
        #expect(throws: PlantError.self) { _ = try c.step([.nan, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }
    }

    @Test("settings outside the corrector limits are refused, naming the corrector and the range")
    func settingsRefused() throws {
        var plant = try AwakeSteering()
        var settings = Array(repeating: 0.0, count: 10)
        settings[2] = 2e-3
        #expect {
            try plant.applySettings(settings)
        } throws: { error in
            "\(error)".contains("MCAWA.430104") && "\(error)".contains("0.001")
        }
        #expect(throws: PlantError.wrongParameterCount(expected: 10, got: 2)) { try plant.applySettings([0, 0]) }
    }

    @Test("COI seeds: a seed picks a scenario, nil keeps it; reset(seed:) draws the same scenario as initialParameters(seed:)")
    func seedSemantics() throws {
        var plant = try AwakeSteering()
        _ = try plant.initialParameters(seed: 5)
        let first = plant.misalignmentKicks
        _ = try plant.evaluate(Array(repeating: 1e-4, count: 10))
        #expect(try plant.initialParameters(seed: nil) == Array(repeating: 0, count: 10))
        #expect(plant.misalignmentKicks == first)
        #expect(plant.settings == Array(repeating: 0, count: 10))
        _ = try plant.initialParameters(seed: 6)
        #expect(plant.misalignmentKicks != first)
        _ = try plant.reset(seed: 5)
        #expect(plant.misalignmentKicks == first)
        _ = try plant.reset(seed: nil)
        #expect(plant.misalignmentKicks != first)
    }

    @Test("BPM noise: readings scatter about R·k + s₀ with the configured σ")
    func bpmNoise() throws {
        var options = AwakeSteering.Options()
        options.bpmNoise = 0.5
        var plant = try AwakeSteering(options: options)
        _ = try plant.initialParameters(seed: 2)
        let clean = (plant.designResponse.matrix * plant.misalignmentKicks).map { $0 * 1000 }
        var deviations: [Double] = []
        for _ in 0..<500 {
            _ = try plant.measure()
            deviations += zip(plant.lastReadings, clean).map { $0 * 1000 - $1 }
        }
        let mean = Statistics.mean(deviations)
        let deviation = Statistics.variance(deviations).squareRoot()
        // 5,000 draws: the standard error of σ is about 1 %, of the mean about 0.007 mm.
        #expect(abs(deviation - 0.5) < 0.025, "σ = \(deviation) mm")
        #expect(abs(mean) < 0.03, "mean = \(mean) mm")
    }

    @Test("optics drift: the corrector part of the readings scales by 1 + A sin(2πt/T + φ)")
    func opticsDrift() throws {
        var options = AwakeSteering.Options()
        options.driftAmplitude = 0.1
        options.driftPeriod = 4
        var plant = try AwakeSteering(options: options)
        _ = try plant.reset(seed: 8, options: ResetOptions(state: Array(repeating: 0, count: 10)))
        let settings = Array(repeating: 2e-5, count: 10)
        try plant.applySettings(settings)
        let nominal = plant.designResponse.matrix * settings
        var factors: [Double] = []
        for _ in 0..<4 {
            _ = try plant.measure()
            factors.append(plant.lastReadings[9] / nominal[9] - 1)
        }
        // t = 1 … 4 over one period of 4: the values are A sin φ′, A cos φ′, −A sin φ′, −A cos φ′.
        #expect(abs(factors[0] + factors[2]) < 1e-12 && abs(factors[1] + factors[3]) < 1e-12)
        #expect(abs((factors[0] * factors[0] + factors[1] * factors[1]).squareRoot() - 0.1) < 1e-12)
    }

    @Test("quadrupole spread changes the machine's response per scenario, not the design or the misalignment")
    func quadrupoleSpread() throws {
        var options = AwakeSteering.Options()
        options.quadrupoleSpread = 0.2
        var spread = try AwakeSteering(options: options)
        var plain = try AwakeSteering()
        _ = try spread.reset(seed: 9)
        _ = try plain.reset(seed: 9)
        #expect(spread.machineResponse != spread.designResponse.matrix.elements)
        #expect(plain.machineResponse == plain.designResponse.matrix.elements)
        let first = spread.machineResponse
        _ = try spread.reset(seed: 10)
        #expect(spread.machineResponse != first)
        _ = try spread.reset(seed: 9)
        #expect(spread.machineResponse == first)
        // Kicks still act only downstream.
        for i in 0..<10 { for j in (i + 1)..<10 { #expect(spread.machineResponse[i * 10 + j] == 0) } }
    }

    @Test("the safety envelope drives the plant: interpolated writes with applySettings, dry runs with measure")
    func safetyEnvelope() async throws {
        var plant = try AwakeSteering()
        let start = try plant.initialParameters(seed: 1)
        let target = plant.misalignmentKicks.map { -$0 }
        let limits = SafetyLimits(hardLimits: plant.optimizationSpace, maxStep: Array(repeating: 1e-4, count: 10))
        var envelope = try SafetyEnvelope(plant: plant, limits: limits, initialPoint: start)
        let evaluation = try envelope.evaluate(target)
        #expect(evaluation.objective < 1e-12)
        #expect(envelope.writeCount == SafetyEnvelope<AwakeSteering>.stepCount(from: start, to: target, maxStep: limits.maxStep))
        var dryLimits = limits
        dryLimits.dryRun = true
        var dry = try SafetyEnvelope(plant: plant, limits: dryLimits, initialPoint: start)
        let measured = try dry.evaluate(target)
        #expect(measured.objective > 2)
    }
}
