import Testing
@testable import VernierExpressions

/// Constraints as "quantity relation limit".
@Suite("Compiled comparisons")
struct CompiledComparisonTests {
    static let names = NameTable(["loss", "bpm_1", "bpm_2"])

    @Test("the side without names is the limit; a constant on the left flips the relation")
    func limitSide() throws {
        let upper = try CompiledComparison("loss <= 0.2", names: Self.names)
        #expect(upper.quantityText == "loss" && upper.relation == .atMost && upper.limit == 0.2)
        let flipped = try CompiledComparison("0.2 >= loss", names: Self.names)
        #expect(flipped.quantityText == "loss" && flipped.relation == .atMost && flipped.limit == 0.2)
        let lower = try CompiledComparison("rms(bpm_1..bpm_2) >= 2 * 0.5", names: Self.names)
        #expect(lower.quantityText == "rms(bpm_1..bpm_2)" && lower.relation == .atLeast && lower.limit == 1)
    }

    @Test("names on both sides: the quantity is their difference, the limit 0")
    func bothSides() throws {
        let comparison = try CompiledComparison("bpm_1 >= bpm_2 + 1", names: Self.names)
        #expect(comparison.quantityText == "bpm_1 - (bpm_2 + 1)")
        #expect(comparison.relation == .atLeast && comparison.limit == 0)
        #expect(comparison.quantity.evaluate([0, 5, 3]) == 1)
        #expect(comparison.holds(for: [0, 5, 3]) && !comparison.holds(for: [0, 3.5, 3]))
    }

    @Test("limits are inclusive and NaN never satisfies a comparison")
    func inclusive() throws {
        let comparison = try CompiledComparison("loss <= 0.2", names: Self.names)
        #expect(comparison.isSatisfied(by: 0.2) && !comparison.isSatisfied(by: 0.2000001))
        #expect(!comparison.isSatisfied(by: .nan))
        let lower = try CompiledComparison("loss >= 0.2", names: Self.names)
        #expect(lower.isSatisfied(by: 0.2) && !lower.isSatisfied(by: .nan))
    }
}
