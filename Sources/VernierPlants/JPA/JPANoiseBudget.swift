import Foundation

/// The noise of the receiver chain a JPA feeds (Kutlu et al., SUST 34, 085013, 2021, arXiv 2101.08496):
///
///     T_sys = (h f / k_B)(n_th + ½) + T_add + T_HEMT / (G η)
///
/// with `n_th` the thermal occupation at the device temperature, `T_add` the JPA's added noise — the
/// quantum limit `h f / 2k_B` of a phase-insensitive amplifier plus an excess that grows with the pump power
/// reaching the device (pump heating; why the lowest pump power is the operating point) — and the HEMT's
/// noise reduced by the JPA gain G and the transmission η between JPA and HEMT. With the JPA off (G = 1, no
/// added noise) `T_sys,off = (h f / k_B)(n_th + ½) + T_HEMT / η`.
///
/// The SNR improvement is `G · T_sys,off / (G · T_sys,on) = T_sys,off / T_sys,on`: the signal rises by G, the
/// output noise by `G · T_sys,on / T_sys,off` (the "noise rise" an operator measures).
public struct JPANoiseBudget: Sendable, Hashable, Codable {
    /// Planck's constant h (J s).
    public static let planck = 6.626_070_15e-34
    /// Boltzmann's constant k_B (J/K).
    public static let boltzmann = 1.380_649e-23

    /// Physical temperature of the JPA and its input (K); default 0.05.
    public var physicalTemperature: Double
    /// Noise temperature of the HEMT amplifier that follows (K); default 2.
    public var hemtTemperature: Double
    /// Power transmission η from the JPA to the HEMT (0 < η ≤ 1); default 0.6.
    public var transmission: Double
    /// Excess added noise per watt of pump power at the device (K/W); default 3e8 (0.3 mK per pW).
    public var pumpHeating: Double

    public init(physicalTemperature: Double = 0.05, hemtTemperature: Double = 2, transmission: Double = 0.6,
                pumpHeating: Double = 3e8) {
        self.physicalTemperature = physicalTemperature
        self.hemtTemperature = hemtTemperature
        self.transmission = transmission
        self.pumpHeating = pumpHeating
    }

    /// `h f / k_B` (K) at `frequency` (Hz).
    public static func photonTemperature(_ frequency: Double) -> Double {
        planck * frequency / boltzmann
    }

    /// The input noise `(h f / k_B)(n_th + ½)` (K): thermal photons plus vacuum.
    public func inputNoise(frequency: Double) -> Double {
        let photon = Self.photonTemperature(frequency)
        let occupation = physicalTemperature > 0 ? 1 / expm1(photon / physicalTemperature) : 0
        return photon * (occupation + 0.5)
    }

    /// The JPA's added noise (K): `h f / 2k_B` plus the pump heating at `devicePower` (W).
    public func addedNoise(frequency: Double, devicePower: Double) -> Double {
        Self.photonTemperature(frequency) / 2 + pumpHeating * devicePower
    }

    /// System noise temperature with the JPA off (K).
    public func systemNoiseOff(frequency: Double) -> Double {
        inputNoise(frequency: frequency) + hemtTemperature / transmission
    }

    /// System noise temperature with the JPA on at gain `gain` (linear) and pump `devicePower` (W) (K).
    public func systemNoiseOn(frequency: Double, gain: Double, devicePower: Double) -> Double {
        inputNoise(frequency: frequency) + addedNoise(frequency: frequency, devicePower: devicePower)
            + hemtTemperature / (gain * transmission)
    }

    /// The SNR improvement (linear) `T_sys,off / T_sys,on`.
    public func snrImprovement(frequency: Double, gain: Double, devicePower: Double) -> Double {
        systemNoiseOff(frequency: frequency) / systemNoiseOn(frequency: frequency, gain: gain, devicePower: devicePower)
    }
}
