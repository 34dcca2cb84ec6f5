import Foundation

/// Hyperparameters of a GP with a Matérn-5/2 ARD kernel, in log space (where they are fitted).
///
/// Lengthscales are in unit-cube units (the box scaled to [0, 1]ⁿ); variances in units of the standardised
/// outputs (so a signal variance near 1 is the expected scale).
public struct GPHyperparameters: Sendable, Hashable, Codable {
    /// `ln ℓₖ`, one per input dimension.
    public var logLengthscales: [Double]
    /// `ln σ_f²`, the signal (kernel) variance.
    public var logSignalVariance: Double
    /// `ln σ_n²`, the observation-noise variance.
    public var logNoiseVariance: Double

    public init(logLengthscales: [Double], logSignalVariance: Double, logNoiseVariance: Double) {
        self.logLengthscales = logLengthscales
        self.logSignalVariance = logSignalVariance
        self.logNoiseVariance = logNoiseVariance
    }

    /// Hyperparameters from plain values: lengthscales `ℓ`, signal variance `σ_f²`, noise variance `σ_n²`.
    public init(lengthscales: [Double], signalVariance: Double, noiseVariance: Double) {
        self.init(logLengthscales: lengthscales.map { log($0) }, logSignalVariance: log(signalVariance),
                  logNoiseVariance: log(noiseVariance))
    }

    /// Number of input dimensions.
    public var dimension: Int { logLengthscales.count }
    /// `ℓₖ`.
    public var lengthscales: [Double] { logLengthscales.map { exp($0) } }
    /// `σ_f²`.
    public var signalVariance: Double { exp(logSignalVariance) }
    /// `σ_n²`.
    public var noiseVariance: Double { exp(logNoiseVariance) }

    /// The packed vector `[ln ℓ₁ … ln ℓ_d, ln σ_f², ln σ_n²]` the fit optimises.
    var packed: [Double] { logLengthscales + [logSignalVariance, logNoiseVariance] }

    /// Unpacks ``packed``.
    init(packed: [Double]) {
        let d = packed.count - 2
        self.init(logLengthscales: Array(packed[0..<d]), logSignalVariance: packed[d], logNoiseVariance: packed[d + 1])
    }
}
