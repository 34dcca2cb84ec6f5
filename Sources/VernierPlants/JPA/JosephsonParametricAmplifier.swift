import Foundation

/// The physics of a flux-pumped Josephson parametric amplifier: a quarter-wave resonator shorted by a SQUID,
/// tuned by a dc flux and pumped by an ac flux at twice the signal frequency (three-wave mixing).
///
/// - Resonance vs flux Φ (in units of Φ₀ throughout): `f₀(Φ) = f_λ/4 / (1 + γ / |cos(πΦ)|)`, γ the ratio of
///   SQUID to resonator inductance (Yamamoto et al., APL 93, 042510, 2008).
/// - A pump of flux amplitude Φp at f_p ≈ 2f₀ modulates the resonance: `ε = 2π |∂f₀/∂Φ| Φp`, coupling
///   `λ = ε/2`, and shifts it by `δf₀ = ¼ ∂²f₀/∂Φ² Φp²` (second order in Φp).
/// - Reflection gain for detuning `δ = ω₀′ − ω_p/2` and signal offset `Δ = ω_s − ω_p/2`:
///   `D = (κ/2 − i(Δ−δ))(κ/2 − i(Δ+δ)) − λ²`, `G = |1 − κe (κ/2 − i(Δ+δ)) / D|²`; unstable (parametric
///   oscillation) when `λ² ≥ κ²/4 + δ²`. At `Δ = δ = 0`, κe = κ: `√G₀ = (1 + r²)/(1 − r²)`, `r = ε/κ`.
///
/// All frequencies here are cyclic, in Hz (κ means κ/2π): the gain depends only on ratios, so the factors
/// of 2π cancel.
public struct JosephsonParametricAmplifier: Sendable, Hashable, Codable {
    /// The magnetic flux quantum Φ₀ = h/2e (Wb).
    public static let fluxQuantum = 2.067_833_848e-15
    /// Characteristic impedance of the pump line (Ω).
    public static let lineImpedance = 50.0

    /// Frequency of the bare quarter-wave resonator f_λ/4 (Hz); default 2.6 GHz.
    public var quarterWaveFrequency: Double
    /// Inductance participation γ = L_SQUID(0)/L_resonator; default 0.08.
    public var participation: Double
    /// Total linewidth κ/2π (Hz); default 10 MHz.
    public var linewidth: Double
    /// External (coupling) linewidth κe/2π (Hz), at most κ; default κ (no internal loss).
    public var externalLinewidth: Double
    /// Mutual inductance between the pump line and the SQUID loop (H); default 10 pH.
    public var pumpMutualInductance: Double
    /// Attenuation of the pump line from the generator to the device (dB); default 65 dB.
    public var pumpLineAttenuation: Double

    public init(
        quarterWaveFrequency: Double = 2.6e9, participation: Double = 0.08,
        linewidth: Double = 10e6, externalLinewidth: Double? = nil,
        pumpMutualInductance: Double = 10e-12, pumpLineAttenuation: Double = 65
    ) {
        self.quarterWaveFrequency = quarterWaveFrequency
        self.participation = participation
        self.linewidth = linewidth
        self.externalLinewidth = externalLinewidth ?? linewidth
        self.pumpMutualInductance = pumpMutualInductance
        self.pumpLineAttenuation = pumpLineAttenuation
    }

    // MARK: - Resonance vs flux

    /// The passive resonance f₀ (Hz) at flux `flux` (Φ₀).
    @inlinable
    public func resonanceFrequency(flux: Double) -> Double {
        let c = abs(cos(Double.pi * flux))
        return quarterWaveFrequency * c / (c + participation)
    }

    /// ∂f₀/∂Φ (Hz per Φ₀) at `flux`: `F γ c′/(c + γ)²` with `c = |cos πΦ|`, `c′ = −π sin(πΦ) sgn(cos πΦ)`.
    @inlinable
    public func resonanceSlope(flux: Double) -> Double {
        let cosine = cos(Double.pi * flux)
        let c = abs(cosine)
        let slope = -Double.pi * sin(Double.pi * flux) * (cosine < 0 ? -1 : 1)
        let sum = c + participation
        return quarterWaveFrequency * participation * slope / (sum * sum)
    }

    /// ∂²f₀/∂Φ² (Hz per Φ₀²) at `flux`: `F γ [c″/(c + γ)² − 2c′²/(c + γ)³]`, `c″ = −π² c`.
    @inlinable
    public func resonanceCurvature(flux: Double) -> Double {
        let cosine = cos(Double.pi * flux)
        let c = abs(cosine)
        let slope = -Double.pi * sin(Double.pi * flux) * (cosine < 0 ? -1 : 1)
        let curvature = -Double.pi * Double.pi * c
        let sum = c + participation
        return quarterWaveFrequency * participation * (curvature / (sum * sum) - 2 * slope * slope / (sum * sum * sum))
    }

    /// The flux in [0, ½) Φ₀ whose passive resonance is `frequency` (Hz), or `nil` when no flux reaches it
    /// (above f_λ/4/(1 + γ) or not positive). Inverts f₀: `|cos πΦ| = γ f/(F − f)`.
    public func flux(forResonance frequency: Double) -> Double? {
        guard frequency > 0, frequency < quarterWaveFrequency else { return nil }
        let c = participation * frequency / (quarterWaveFrequency - frequency)
        guard c <= 1 else { return nil }
        return acos(c) / Double.pi
    }

    // MARK: - Pump

    /// The pump flux amplitude Φp (Φ₀) at the SQUID for `generatorPower` (dBm at the generator): the line
    /// attenuates it, the wave's current amplitude `I = √(2P/Z₀)` couples through the mutual inductance.
    @inlinable
    public func pumpFlux(generatorPower: Double) -> Double {
        let watts = 1e-3 * pow(10, (generatorPower - pumpLineAttenuation) / 10)
        return pumpMutualInductance * (2 * watts / Self.lineImpedance).squareRoot() / Self.fluxQuantum
    }

    /// The generator power (dBm) that gives pump flux `pumpFlux` (Φ₀); the inverse of ``pumpFlux(generatorPower:)``.
    public func generatorPower(pumpFlux: Double) -> Double {
        let current = pumpFlux * Self.fluxQuantum / pumpMutualInductance
        let watts = current * current * Self.lineImpedance / 2
        return 10 * log10(watts / 1e-3) + pumpLineAttenuation
    }

    /// The pump power reaching the device (W) for `generatorPower` (dBm).
    public func devicePower(generatorPower: Double) -> Double {
        1e-3 * pow(10, (generatorPower - pumpLineAttenuation) / 10)
    }

    /// The pumped resonator at dc flux `flux` and pump flux `pumpFlux` (Φ₀): its coupling λ = ε/2 (Hz) and its
    /// pump-shifted resonance f₀′ = f₀ + ¼ f₀″ Φp² (Hz).
    @inlinable
    public func pumped(flux: Double, pumpFlux: Double) -> (coupling: Double, resonance: Double) {
        let coupling = abs(resonanceSlope(flux: flux)) * pumpFlux / 2
        let resonance = resonanceFrequency(flux: flux) + resonanceCurvature(flux: flux) * pumpFlux * pumpFlux / 4
        return (coupling, resonance)
    }

    // MARK: - Gain

    /// Whether the pumped resonator oscillates: `λ² ≥ κ²/4 + δ²` (Hz).
    @inlinable
    public func isUnstable(coupling: Double, detuning: Double) -> Bool {
        let half = linewidth / 2
        return coupling * coupling >= half * half + detuning * detuning
    }

    /// The power gain G (linear) at signal offset `signalOffset` = f_s − f_p/2 and detuning
    /// `detuning` = f₀′ − f_p/2 (Hz), with coupling `coupling` λ (Hz); `nil` when unstable (never a finite gain
    /// above threshold).
    ///
    ///     D = (κ/2 − i(Δ−δ))(κ/2 − i(Δ+δ)) − λ²,   G = |1 − κe (κ/2 − i(Δ+δ)) / D|² = |D − N|² / |D|²
    @inlinable
    public func gain(signalOffset: Double, detuning: Double, coupling: Double) -> Double? {
        guard !isUnstable(coupling: coupling, detuning: detuning) else { return nil }
        let a = linewidth / 2
        let difference = signalOffset - detuning, sum = signalOffset + detuning
        // (a − i b₁)(a − i b₂) = a² − b₁b₂ − i a (b₁ + b₂).
        let realD = a * a - difference * sum - coupling * coupling
        let imaginaryD = -a * (difference + sum)
        let realNumerator = realD - externalLinewidth * a
        let imaginaryNumerator = imaginaryD + externalLinewidth * sum
        return (realNumerator * realNumerator + imaginaryNumerator * imaginaryNumerator)
            / (realD * realD + imaginaryD * imaginaryD)
    }

    /// The gain (linear) at `signalFrequency` with the device at dc flux `flux`, pump flux `pumpFlux` (Φ₀) and
    /// pump frequency `pumpFrequency` (Hz); `nil` when unstable.
    @inlinable
    public func gain(signalFrequency: Double, flux: Double, pumpFlux: Double, pumpFrequency: Double) -> Double? {
        let (coupling, resonance) = pumped(flux: flux, pumpFlux: pumpFlux)
        return gain(signalOffset: signalFrequency - pumpFrequency / 2, detuning: resonance - pumpFrequency / 2,
                    coupling: coupling)
    }

    /// The coupling λ (Hz) giving gain `gain` (linear, > 1) at `Δ = δ = 0`: `λ² = a² − κe a/(1 + √G)`,
    /// `a = κ/2`; with κe = κ this is `r = 2λ/κ = √((√G − 1)/(√G + 1))`, 0.905 for 20 dB.
    public func coupling(forGain gain: Double) -> Double? {
        let a = linewidth / 2
        let squared = a * a - externalLinewidth * a / (1 + gain.squareRoot())
        return squared > 0 ? squared.squareRoot() : nil
    }

    /// The 3 dB (half-power) bandwidth (Hz) of the gain versus signal frequency, about its peak, at detuning
    /// `detuning` and coupling `coupling` (Hz); `nil` when unstable.
    ///
    /// The peak is found on a grid over ±2κ of signal offset; the half-power points by bisection.
    public func bandwidth(detuning: Double, coupling: Double) -> Double? {
        guard let peakAtCentre = gain(signalOffset: 0, detuning: detuning, coupling: coupling) else { return nil }
        let span = 2 * linewidth, count = 400
        var peakOffset = 0.0, peak = peakAtCentre
        for index in 0...count {
            let offset = -span + 2 * span * Double(index) / Double(count)
            if let value = gain(signalOffset: offset, detuning: detuning, coupling: coupling), value > peak {
                peak = value
                peakOffset = offset
            }
        }
        let half = peak / 2
        func edge(direction: Double) -> Double {
            // Step out until the gain falls below half, then bisect.
            var inside = peakOffset, outside = peakOffset
            var stepSize = linewidth / 200
            while true {
                outside = inside + direction * stepSize
                let value = gain(signalOffset: outside, detuning: detuning, coupling: coupling) ?? .infinity
                if value < half || abs(outside - peakOffset) > 100 * linewidth { break }
                inside = outside
                stepSize *= 1.5
            }
            for _ in 0..<60 {
                let middle = (inside + outside) / 2
                if (gain(signalOffset: middle, detuning: detuning, coupling: coupling) ?? .infinity) >= half {
                    inside = middle
                } else {
                    outside = middle
                }
            }
            return (inside + outside) / 2
        }
        return edge(direction: 1) - edge(direction: -1)
    }

    /// The operating point with the least pump flux giving `gain` (linear) at signal frequency `target` (Hz),
    /// with the pump at exactly 2 × target and the pumped resonance on the target (Δ = δ = 0).
    ///
    /// Solves `f₀(Φ) + ¼ f₀″(Φ) Φp² = target` and `|f₀′(Φ)| Φp = 2λ(G)` by fixed-point iteration (the pump shift
    /// is a small correction). Returns the dc flux in [0, ½) and the pump flux (Φ₀), or `nil` when the target
    /// is out of the tuning range.
    public func minimumPumpOperatingPoint(target: Double, gain: Double) -> (flux: Double, pumpFlux: Double)? {
        guard let coupling = coupling(forGain: gain), var flux = flux(forResonance: target) else { return nil }
        var pumpFlux = 0.0
        for _ in 0..<50 {
            let shifted = target - resonanceCurvature(flux: flux) * pumpFlux * pumpFlux / 4
            guard let next = self.flux(forResonance: shifted) else { return nil }
            let slope = abs(resonanceSlope(flux: next))
            guard slope > 0 else { return nil }
            let nextPump = 2 * coupling / slope
            let converged = abs(next - flux) < 1e-15 && abs(nextPump - pumpFlux) < 1e-15 * max(1, nextPump)
            flux = next
            pumpFlux = nextPump
            if converged { break }
        }
        return (flux, pumpFlux)
    }
}
