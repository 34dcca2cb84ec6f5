import Foundation
import Testing
@testable import VernierPlants

@Suite("JPA physics")
struct JPAModelTests {
    let device = JosephsonParametricAmplifier()

    @Test("f₀(Φ) = f_λ/4 / (1 + γ/|cos πΦ|): 2.407 GHz at 0, 2.289 at 0.3 Φ₀, 2.065 at 0.4 Φ₀; even and Φ₀-periodic",
          arguments: [(0.0, 2.407), (0.3, 2.289), (0.4, 2.065)])
    func resonance(flux: Double, gigahertz: Double) {
        let frequency = device.resonanceFrequency(flux: flux)
        #expect(abs(frequency / 1e9 - gigahertz) < 0.0005, "f₀(\(flux)) = \(frequency / 1e9) GHz")
        #expect(abs(frequency - 2.6e9 / (1 + 0.08 / cos(Double.pi * flux))) < 1e-6)
        #expect(abs(device.resonanceFrequency(flux: -flux) - frequency) < 1e-6)
        #expect(abs(device.resonanceFrequency(flux: flux + 1) - frequency) < 1e-3)
    }

    @Test("∂f₀/∂Φ and ∂²f₀/∂Φ² agree with central differences", arguments: [0.05, 0.2, 0.3, 0.4, 0.45, 0.6, -0.3])
    func derivatives(flux: Double) {
        let h = 1e-5
        let slope = (device.resonanceFrequency(flux: flux + h) - device.resonanceFrequency(flux: flux - h)) / (2 * h)
        let curvature = (device.resonanceSlope(flux: flux + h) - device.resonanceSlope(flux: flux - h)) / (2 * h)
        #expect(abs(device.resonanceSlope(flux: flux) - slope) <= 1e-6 * abs(slope))
        #expect(abs(device.resonanceCurvature(flux: flux) - curvature) <= 1e-6 * abs(curvature))
    }

    @Test("the flux of a resonance inverts f₀ on [0, ½)", arguments: [2.1e9, 2.3e9, 2.39e9, 1.5e9])
    func inverse(frequency: Double) throws {
        let flux = try #require(device.flux(forResonance: frequency))
        #expect(flux >= 0 && flux < 0.5)
        #expect(abs(device.resonanceFrequency(flux: flux) - frequency) < 1e-3)
        #expect(device.flux(forResonance: 2.5e9) == nil)
    }

    @Test("√G₀ = (1 + r²)/(1 − r²) at Δ = δ = 0: 20 dB at r = 0.905", arguments: [0.3, 0.5, 0.7, 0.9, 0.905, 0.95])
    func degenerateGain(ratio: Double) throws {
        let coupling = ratio * device.linewidth / 2
        let gain = try #require(device.gain(signalOffset: 0, detuning: 0, coupling: coupling))
        let expected = (1 + ratio * ratio) / (1 - ratio * ratio)
        #expect(abs(gain.squareRoot() - expected) <= 1e-12 * expected)
        // r = 0.905 is 0.9045 rounded; the gain is steep there.
        if ratio == 0.905 { #expect(abs(10 * log10(gain) - 20) < 0.05) }
        let exact = (9.0 / 11).squareRoot()
        let twenty = try #require(device.gain(signalOffset: 0, detuning: 0, coupling: exact * device.linewidth / 2))
        #expect(abs(twenty - 100) < 1e-9)
        #expect(abs(try #require(device.coupling(forGain: 100)) - exact * device.linewidth / 2) < 1e-6)
    }

    @Test("gain against signal offset at δ = 0 matches (κ²/4 + Δ² + λ²)² / ((κ²/4 − λ² − Δ²)² + κ²Δ²)",
          arguments: [0.0, 0.2e6, 1e6, 3e6, 10e6, -4e6])
    func lineShape(offset: Double) throws {
        let coupling = 0.8 * device.linewidth / 2
        let a2 = device.linewidth * device.linewidth / 4, l2 = coupling * coupling, d2 = offset * offset
        let expected = (a2 + d2 + l2) * (a2 + d2 + l2) / ((a2 - l2 - d2) * (a2 - l2 - d2) + device.linewidth * device.linewidth * d2)
        let gain = try #require(device.gain(signalOffset: offset, detuning: 0, coupling: coupling))
        #expect(abs(gain - expected) <= 1e-12 * expected)
    }

    @Test("with internal loss (κe < κ): G₀ = |1 − κe(κ/2)/(κ²/4 − λ²)|², and coupling(forGain:) inverts it")
    func internalLoss() throws {
        let lossy = JosephsonParametricAmplifier(externalLinewidth: 9e6)
        let coupling = 0.9 * lossy.linewidth / 2
        let a = lossy.linewidth / 2
        let expected = pow(1 - lossy.externalLinewidth * a / (a * a - coupling * coupling), 2)
        let gain = try #require(lossy.gain(signalOffset: 0, detuning: 0, coupling: coupling))
        #expect(abs(gain - expected) <= 1e-12 * expected)
        let back = try #require(lossy.coupling(forGain: gain))
        #expect(abs(back - coupling) < 1e-6)
    }

    @Test("gain–bandwidth: √G₀ · BW = 0.962 κ/2π at 20 dB, the 3 dB width matching the closed form")
    func gainBandwidth() throws {
        let coupling = try #require(device.coupling(forGain: 100))
        let bandwidth = try #require(device.bandwidth(detuning: 0, coupling: coupling))
        // Half power: 2(A + u)² = G₀((B − u)² + κ²u) with u = Δ², A = κ²/4 + λ², B = κ²/4 − λ².
        let k = device.linewidth, a2 = k * k / 4, l2 = coupling * coupling
        let big = a2 + l2, small = a2 - l2, g0 = 100.0
        let qa = 2 - g0, qb = 4 * big + 2 * g0 * small - g0 * k * k, qc = 2 * big * big - g0 * small * small
        let u = (-qb - (qb * qb - 4 * qa * qc).squareRoot()) / (2 * qa)
        let closedForm = 2 * u.squareRoot()
        #expect(abs(bandwidth - closedForm) < 1, "numeric \(bandwidth) Hz, closed form \(closedForm) Hz")
        let product = 10 * bandwidth / k
        #expect(abs(product - 0.962) < 0.001, "√G₀·BW/κ = \(product)")
    }

    @Test("above threshold (λ² ≥ κ²/4 + δ²) there is no gain, just below it is finite and large")
    func threshold() {
        let half = device.linewidth / 2
        for detuning in [0.0, 2e6, -5e6] {
            let threshold = (half * half + detuning * detuning).squareRoot()
            #expect(device.gain(signalOffset: 0, detuning: detuning, coupling: threshold) == nil)
            #expect(device.gain(signalOffset: 0, detuning: detuning, coupling: threshold * 1.01) == nil)
            let below = device.gain(signalOffset: 0, detuning: detuning, coupling: threshold * 0.999)
            #expect(below.map { $0.isFinite && $0 > 100 } == true)
        }
    }

    @Test("pump flux ∝ √P through the attenuation and mutual inductance; the power inverts it")
    func pumpFlux() {
        let flux = device.pumpFlux(generatorPower: -5)
        // P_dev = −70 dBm = 1e-10 W; I = √(2P/50) = 2e-6 A; Φp = 10 pH × I / Φ₀.
        #expect(abs(flux - 10e-12 * 2e-6 / JosephsonParametricAmplifier.fluxQuantum) < 1e-15)
        #expect(abs(device.pumpFlux(generatorPower: -5 + 20 * log10(2.0)) - 2 * flux) < 1e-15)
        #expect(abs(device.generatorPower(pumpFlux: flux) + 5) < 1e-12)
    }

    @Test("the least-pump operating point: pumped resonance on the target and |f₀′| Φp = 2λ(G)",
          arguments: [2.1e9, 2.25e9, 2.3e9, 2.39e9])
    func minimumPumpPoint(target: Double) throws {
        let point = try #require(device.minimumPumpOperatingPoint(target: target, gain: 100))
        let pumped = device.pumped(flux: point.flux, pumpFlux: point.pumpFlux)
        #expect(abs(pumped.resonance - target) < 1e-3)
        #expect(abs(2 * pumped.coupling - 2 * (device.coupling(forGain: 100) ?? 0)) < 1e-6)
        let gain = try #require(device.gain(signalFrequency: target, flux: point.flux, pumpFlux: point.pumpFlux,
                                            pumpFrequency: 2 * target))
        #expect(abs(gain - 100) < 1e-6)
    }

    @Test("noise: T_sys = (hf/k)(n + ½) + T_add + T_HEMT/(Gη); the SNR improvement T_off/T_on falls with pump heating")
    func noiseBudget() {
        let budget = JPANoiseBudget()
        let f = 2.3e9
        let photon = 6.626_070_15e-34 * f / 1.380_649e-23
        let occupation = 1 / (exp(photon / 0.05) - 1)
        #expect(abs(budget.inputNoise(frequency: f) - photon * (occupation + 0.5)) < 1e-12)
        let on = budget.systemNoiseOn(frequency: f, gain: 100, devicePower: 1e-10)
        let expectedOn = photon * (occupation + 0.5) + photon / 2 + 3e8 * 1e-10 + 2 / (100 * 0.6)
        #expect(abs(on - expectedOn) < 1e-12)
        let off = budget.systemNoiseOff(frequency: f)
        #expect(abs(off - (photon * (occupation + 0.5) + 2 / 0.6)) < 1e-12)
        let quiet = budget.snrImprovement(frequency: f, gain: 100, devicePower: 1e-11)
        let loud = budget.snrImprovement(frequency: f, gain: 100, devicePower: 1e-10)
        #expect(quiet > loud && abs(loud - off / on) < 1e-12)
    }
}
