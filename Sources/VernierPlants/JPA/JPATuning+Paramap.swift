import Foundation
import VernierMath

extension JPATuning {
    /// The 2-D map operators draw — flux bias × pump power → gain — at the device's present state.
    ///
    /// With `context` (GHz) the pump sits at 2 × context and the gain is read at the context, as the optimiser
    /// sees it. Without, at each bias the pump tracks the passive resonance: f_p = 2 f₀(bias), gain read at
    /// f_p/2 (CAPP's paramap over f_passive × P_pump). The bias is swept upwards, so the flux trap near Φ₀/2
    /// shows its hysteresis; the flux offset does not drift during the map. Each reading has the plant's gain
    /// noise, drawn from a generator seeded with `seed`, unless `ideal`.
    ///
    /// - Returns: one point per (bias, power) pair, bias-major, in the order given.
    public func paramap(biasValues: [Double], powerValues: [Double], context: Double?, ideal: Bool,
                        seed: UInt64 = 0) -> [JPAParamapPoint] {
        var device = self
        var noise = SeededGenerator(seed: seed)
        device.fluxTrap.release()
        var points: [JPAParamapPoint] = []
        points.reserveCapacity(biasValues.count * powerValues.count)
        for bias in biasValues {
            device.settings[0] = bias
            _ = device.fluxTrap.update(flux: device.flux(bias: bias))
            let flux = device.flux(bias: bias)
            let trapped = device.fluxTrap.isTrapped
            let passive = trapped ? Double.nan : amplifier.resonanceFrequency(flux: flux)
            for power in powerValues {
                let pumpFrequency = context.map { 2 * $0 * 1e9 } ?? 2 * passive
                let signalFrequency = pumpFrequency / 2
                var gain = 0.0
                var unstable = false
                if !trapped {
                    if let value = amplifier.gain(signalFrequency: signalFrequency, flux: flux,
                                                  pumpFlux: amplifier.pumpFlux(generatorPower: power),
                                                  pumpFrequency: pumpFrequency) {
                        gain = 10 * log10(value)
                    } else {
                        unstable = true
                        gain = .nan
                    }
                }
                if !ideal && !unstable { gain += options.gainNoise * noise.nextStandardNormal() }
                points.append(JPAParamapPoint(
                    bias: bias, flux: flux, passiveFrequency: passive / 1e9, pumpPower: power,
                    pumpFrequency: pumpFrequency / 1e9, signalFrequency: signalFrequency / 1e9,
                    gain: gain, isUnstable: unstable, isTrapped: trapped))
            }
        }
        return points
    }
}
