import VernierCore

/// The affine map between a problem's box (physical units) and the unit cube `[0, 1]ⁿ`, where the GP,
/// the designs and the trust region work, so that a corrector in amperes and a phase in degrees count alike.
struct UnitCube: Sendable, Hashable, Codable {
    /// Lower bound per parameter, physical units.
    let low: [Double]
    /// Width `high − low` per parameter (> 0), physical units.
    let width: [Double]

    init(_ box: Box) {
        low = box.low
        width = zip(box.high, box.low).map { $0 - $1 }
    }

    var dimension: Int { low.count }

    /// Physical point → unit cube (not clipped).
    func toUnit(_ point: [Double]) -> [Double] {
        (0..<dimension).map { (point[$0] - low[$0]) / width[$0] }
    }

    /// Unit-cube point → physical units, clipped into the box (so rounding never leaves it).
    func toPhysical(_ unit: [Double]) -> [Double] {
        (0..<dimension).map { index in
            let value = low[index] + min(max(unit[index], 0), 1) * width[index]
            return min(max(value, low[index]), low[index] + width[index])
        }
    }
}
