import Foundation

/// The Matérn-5/2 correlation and the two derivative factors the GP needs, as functions of the scaled
/// distance `r = √(Σₖ (xₖ − x′ₖ)² / ℓₖ²)`:
///
///     k(r)                 = σ² (1 + √5 r + 5r²/3) e^(−√5 r)
///     ∂k/∂xₖ               = −g(r) (xₖ − x′ₖ) / ℓₖ²
///     ∂k/∂ln ℓₖ            =  g(r) (xₖ − x′ₖ)² / ℓₖ²,      g(r) = (5/3) σ² (1 + √5 r) e^(−√5 r)
///
/// (from dk/dr = −(5/3) σ² r (1 + √5 r) e^(−√5 r)); `g` has no 1/r, so both are smooth at r = 0.
enum Matern52 {
    static let sqrt5 = 5.0.squareRoot()

    /// `(k(r), g(r))` for the squared scaled distance `r²` and signal variance `σ²`.
    @inline(__always)
    static func valueAndSlope(squaredDistance: Double, signalVariance: Double) -> (value: Double, slope: Double) {
        let r = squaredDistance.squareRoot()
        let decay = signalVariance * exp(-sqrt5 * r)
        let linear = 1 + sqrt5 * r
        return ((linear + (5.0 / 3.0) * squaredDistance) * decay, (5.0 / 3.0) * linear * decay)
    }
}
