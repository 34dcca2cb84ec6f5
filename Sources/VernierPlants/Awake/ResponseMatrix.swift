import Foundation
import VernierMath

/// The orbit response of a transfer line in one plane: how much each BPM reading moves per radian of each
/// corrector, built from the line's TWISS table.
///
/// For a corrector `j` upstream of a BPM `i` (μᵢ > μⱼ), linear optics give the trajectory response
///
///     R[i][j] = √(βᵢ βⱼ) · sin(2π (μᵢ − μⱼ))        (m/rad),
///
/// and 0 when the BPM is upstream (a kick cannot move the beam before it). As the open AWAKE steering
/// environments do (Kain et al., PRAB 23, 124801, 2020), the first BPM (upstream of every corrector) and the
/// last corrector (downstream of every BPM) are dropped, leaving `(monitors − 1) × (correctors − 1)` —
/// 10 × 10 for TT43.
///
/// ``init(optics:plane:quadrupoleErrors:)`` also builds the response of a line whose quadrupoles are off
/// their design strength, by tracking each corrector's kick through the design optics with a thin-lens
/// error `ΔK1L` at each quadrupole (see `environments/README.md`).
public struct ResponseMatrix: Sendable, Hashable {
    /// The plane the matrix acts in.
    public let plane: TransversePlane
    /// BPM names, one per row, in beam order.
    public let monitorNames: [String]
    /// Corrector names, one per column, in beam order.
    public let correctorNames: [String]
    /// The response (m/rad), row-major: element (i, j) at `i * columns + j`.
    public let matrix: Matrix

    /// Number of BPMs (rows).
    public var rows: Int { matrix.rows }
    /// Number of correctors (columns).
    public var columns: Int { matrix.columns }

    /// The response built with the analytic formula from the design optics.
    ///
    /// - Throws: ``TwissTableError`` when the table has fewer than two BPMs or two correctors in `plane`.
    public init(optics: TwissTable, plane: TransversePlane) throws(TwissTableError) {
        let (monitors, correctors) = try Self.selectElements(optics, plane: plane)
        var matrix = Matrix(rows: monitors.count, columns: correctors.count)
        for (i, monitor) in monitors.enumerated() {
            for (j, corrector) in correctors.enumerated() {
                matrix[i, j] = Self.element(monitor: monitor, corrector: corrector, plane: plane)
            }
        }
        self.plane = plane
        self.monitorNames = monitors.map(\.name)
        self.correctorNames = correctors.map(\.name)
        self.matrix = matrix
    }

    /// The response of the line when quadrupole `q` of `optics` (in beam order among the quadrupoles) has its
    /// integrated strength changed by `quadrupoleErrors[q]` (m⁻¹).
    ///
    /// Each corrector's unit kick is tracked through the design transfer matrices between consecutive elements
    /// (from β, α, μ; Courant–Snyder), and each quadrupole adds a thin-lens kick `∓ΔK1L · x` (− horizontally,
    /// + vertically). With no errors this equals the analytic matrix to rounding.
    ///
    /// - Throws: ``TwissTableError`` when the error count differs from the number of quadrupoles, or the table
    ///   lacks the `ALFX`/`ALFY`/`K1L` columns the tracking needs.
    public init(optics: TwissTable, plane: TransversePlane, quadrupoleErrors: [Double]) throws(TwissTableError) {
        let quadrupoleCount = optics.elements.count { $0.keyword == "QUADRUPOLE" }
        guard quadrupoleErrors.count == quadrupoleCount else {
            throw TwissTableError(line: 0,
                message: "\(quadrupoleErrors.count) quadrupole errors for \(quadrupoleCount) quadrupoles")
        }
        guard optics.hasFocusingColumns || quadrupoleErrors.allSatisfy({ $0 == 0 }) else {
            throw TwissTableError(line: 0,
                message: "perturbing quadrupoles needs the ALFX, ALFY and K1L columns, which the table lacks")
        }
        let (monitors, correctors) = try Self.selectElements(optics, plane: plane)
        let monitorRow = Dictionary(monitors.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let correctorColumn = Dictionary(correctors.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        // The points that matter in beam order: kept correctors, kept BPMs and every quadrupole.
        var points: [(element: TwissElement, errorIndex: Int?)] = []
        var quadrupoleIndex = 0
        for element in optics.elements {
            if element.keyword == "QUADRUPOLE" {
                points.append((element, quadrupoleIndex))
                quadrupoleIndex += 1
            } else if (plane.isMonitor(element.keyword) && monitorRow[element.name] != nil)
                        || (plane.isCorrector(element.keyword) && correctorColumn[element.name] != nil) {
                points.append((element, nil))
            }
        }
        // Thin-lens quadrupole: x′ ← x′ − K1L·x horizontally, x′ ← x′ + K1L·y vertically.
        let errorSign = plane == .horizontal ? -1.0 : 1.0
        var matrix = Matrix(rows: monitors.count, columns: correctors.count)
        for (start, point) in points.enumerated() {
            guard point.errorIndex == nil, plane.isCorrector(point.element.keyword),
                  let column = correctorColumn[point.element.name] else { continue }
            // A unit kick (1 rad) at the corrector, tracked downstream.
            var position = 0.0, angle = 1.0
            var previous = point.element
            for next in points[(start + 1)...] {
                (position, angle) = Self.transport((position, angle), from: previous, to: next.element, plane: plane)
                previous = next.element
                if let errorIndex = next.errorIndex {
                    angle += errorSign * quadrupoleErrors[errorIndex] * position
                } else if plane.isMonitor(next.element.keyword), let row = monitorRow[next.element.name] {
                    matrix[row, column] = position
                }
            }
        }
        self.plane = plane
        self.monitorNames = monitors.map(\.name)
        self.correctorNames = correctors.map(\.name)
        self.matrix = matrix
    }

    /// The analytic response `√(βᵢβⱼ) sin(2π(μᵢ − μⱼ))` of `monitor` to `corrector` (m/rad), 0 when the
    /// monitor is not downstream.
    public static func element(monitor: TwissElement, corrector: TwissElement, plane: TransversePlane) -> Double {
        let monitorPhase = monitor.phase(plane), correctorPhase = corrector.phase(plane)
        guard monitorPhase > correctorPhase else { return 0 }
        return (monitor.beta(plane) * corrector.beta(plane)).squareRoot()
            * sin(2 * Double.pi * (monitorPhase - correctorPhase))
    }

    /// Carries `(x, x′)` from element `a` to element `b` with the design transfer matrix
    /// (Courant–Snyder parametrisation; Wiedemann, *Particle Accelerator Physics*, §8):
    ///
    ///     M11 = √(βb/βa) (cos Δψ + αa sin Δψ)         M12 = √(βa βb) sin Δψ
    ///     M21 = −[(1 + αa αb) sin Δψ + (αb − αa) cos Δψ] / √(βa βb)
    ///     M22 = √(βa/βb) (cos Δψ − αb sin Δψ),        Δψ = 2π (μb − μa).
    static func transport(
        _ state: (position: Double, angle: Double), from a: TwissElement, to b: TwissElement, plane: TransversePlane
    ) -> (Double, Double) {
        let betaA = a.beta(plane), betaB = b.beta(plane)
        let alphaA = a.alpha(plane), alphaB = b.alpha(plane)
        let advance = 2 * Double.pi * (b.phase(plane) - a.phase(plane))
        let (sine, cosine) = (sin(advance), cos(advance))
        let rootProduct = (betaA * betaB).squareRoot()
        let m11 = (betaB / betaA).squareRoot() * (cosine + alphaA * sine)
        let m12 = rootProduct * sine
        let m21 = -((1 + alphaA * alphaB) * sine + (alphaB - alphaA) * cosine) / rootProduct
        let m22 = (betaA / betaB).squareRoot() * (cosine - alphaB * sine)
        return (m11 * state.position + m12 * state.angle, m21 * state.position + m22 * state.angle)
    }

    /// The BPMs and correctors of `plane`, with the first BPM and the last corrector dropped.
    static func selectElements(
        _ optics: TwissTable, plane: TransversePlane
    ) throws(TwissTableError) -> (monitors: [TwissElement], correctors: [TwissElement]) {
        let monitors = optics.elements.filter { plane.isMonitor($0.keyword) }
        let correctors = optics.elements.filter { plane.isCorrector($0.keyword) }
        guard monitors.count >= 2, correctors.count >= 2 else {
            throw TwissTableError(line: 0,
                message: "the \(plane.rawValue) plane needs at least two BPMs (MONITOR) and two correctors (KICKER); the table has \(monitors.count) and \(correctors.count)")
        }
        return (Array(monitors.dropFirst()), Array(correctors.dropLast()))
    }

    /// The 2-norm condition number σmax/σmin (LAPACK `dgesvd`).
    public func conditionNumber() throws(LinearAlgebraError) -> Double {
        try matrix.conditionNumber()
    }
}
