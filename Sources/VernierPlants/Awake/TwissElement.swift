/// One row of a MAD-X TWISS table: an element of the beamline with its optics functions at its exit.
///
/// Units as MAD-X writes them: positions and lengths in metres, β in metres, α dimensionless, phase advance μ
/// in units of 2π (tune units), integrated quadrupole strength K1L in m⁻¹.
public struct TwissElement: Sendable, Hashable, Codable {
    /// Element name, e.g. "BPM.430039" or "MCAWA.430029".
    public var name: String
    /// MAD-X element type in upper case, e.g. "MONITOR", "KICKER", "QUADRUPOLE".
    public var keyword: String
    /// Longitudinal position of the element's exit along the line (m).
    public var position: Double
    /// Element length (m); 0 when the table has no `L` column.
    public var length: Double
    /// Horizontal β function βx (m).
    public var betaX: Double
    /// Vertical β function βy (m).
    public var betaY: Double
    /// Horizontal α function αx = −β′x/2; 0 when the table has no `ALFX` column.
    public var alphaX: Double
    /// Vertical α function αy; 0 when the table has no `ALFY` column.
    public var alphaY: Double
    /// Horizontal phase advance μx from the start of the line (units of 2π).
    public var phaseX: Double
    /// Vertical phase advance μy from the start of the line (units of 2π).
    public var phaseY: Double
    /// Integrated normal quadrupole strength K1·L (m⁻¹; positive focuses horizontally); 0 without a `K1L` column.
    public var k1l: Double

    public init(
        name: String, keyword: String, position: Double, length: Double = 0,
        betaX: Double, betaY: Double, alphaX: Double = 0, alphaY: Double = 0,
        phaseX: Double, phaseY: Double, k1l: Double = 0
    ) {
        self.name = name
        self.keyword = keyword
        self.position = position
        self.length = length
        self.betaX = betaX
        self.betaY = betaY
        self.alphaX = alphaX
        self.alphaY = alphaY
        self.phaseX = phaseX
        self.phaseY = phaseY
        self.k1l = k1l
    }

    /// β (m) in `plane`.
    @inlinable
    public func beta(_ plane: TransversePlane) -> Double {
        plane == .horizontal ? betaX : betaY
    }

    /// α in `plane`.
    @inlinable
    public func alpha(_ plane: TransversePlane) -> Double {
        plane == .horizontal ? alphaX : alphaY
    }

    /// Phase advance μ (units of 2π) in `plane`.
    @inlinable
    public func phase(_ plane: TransversePlane) -> Double {
        plane == .horizontal ? phaseX : phaseY
    }
}
