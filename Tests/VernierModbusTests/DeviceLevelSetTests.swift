import Foundation
import Testing
import VernierCore
@testable import VernierModbus

/// `level_set:` in a `modbus/Device-v1` definition: the structure the contour search follows, read into the
/// plant's metadata as a simulated plant declares it, and refused with its file position when it names what
/// the definition does not have.
@Suite("Device definitions: level_set")
struct DeviceLevelSetTests {
    static func load(_ sections: String) throws(RegisterMapError) -> DeviceDefinition {
        try DeviceDefinitionTests.load(sections)
    }

    static func expectRefused(_ sections: String, at location: VernierModbus.SourceLocation, _ message: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        DeviceDefinitionTests.expectRefused(sections, at: location, message, sourceLocation: sourceLocation)
    }

    @Test("a full level_set is read into the definition and the plant's metadata; without one there is none")
    func fullSection() throws {
        let definition = try Self.load("""
            objective: k_1
            constraints: [m_1 >= 20]
            level_set:
              constraint: m_1
              drive: k_1
              direction: increasing
              unstable: loss
              placement: {parameter: k_2, reading: m_2, target: 2.3, resolution: 1.0e-3}
            """)
        let expected = LevelSetStructure(
            constraint: "m_1", drive: "k_1", increasing: true, instabilityObservable: "loss",
            placement: LevelSetStructure.Placement(parameter: "k_2", observable: "m_2", target: 2.3, resolution: 1e-3))
        #expect(definition.levelSet == expected)
        #expect(DeviceModel(definition: definition).metadata.levelSet == expected)
        // The optimiser's problem carries it (what `vernier tune --optimizer contour` builds from the plant).
        #expect(definition.optimizerConstraints.map(\.name).contains(expected.constraint))

        let minimal = try Self.load("objective: k_1\nconstraints: [m_1 <= 0.5]\nlevel_set: {constraint: m_1, drive: k_2, direction: decreasing}\n")
        #expect(minimal.levelSet == LevelSetStructure(constraint: "m_1", drive: "k_2", increasing: false))
        #expect(try Self.load("objective: k_1\nconstraints: [m_1 >= 20]\n").levelSet == nil)
    }

    @Test("the constraint must exist and be limited on the side the drive moves it to")
    func constraintErrors() {
        Self.expectRefused("objective: k_1\nconstraints: [m_1 >= 20]\nlevel_set: {constraint: m_3, drive: k_1}\n",
                           at: .init(line: 13, column: 25),
                           "'level_set.constraint' is 'm_3', which is not a constraint (did you mean 'm_1'?); the "
                               + "constraints are 'm_1' (name the quantity, without its limit)")
        Self.expectRefused("objective: k_1\nlevel_set: {constraint: m_1, drive: k_1}\n", at: .init(line: 12, column: 25),
                           "'level_set.constraint' is 'm_1', but the definition has no 'constraints:'; add the level to "
                               + "reach there, e.g. 'm_1 >= 20'")
        Self.expectRefused("objective: k_1\nconstraints: [m_1 >= 20]\nlevel_set: {constraint: m_1, drive: k_1, direction: decreasing}\n",
                           at: .init(line: 13, column: 25),
                           "the level set's drive 'k_1' makes 'm_1' fall, which needs an upper limit on it ('m_1 <= …' "
                               + "under constraints:, at line 12, column 15); otherwise the least drive is simply the "
                               + "lowest. Fix the constraint, or set direction: increasing")
        Self.expectRefused("objective: k_1\nconstraints: [m_1 >= 20]\nlevel_set: {constraint: m_1, drive: k_1, direction: up}\n",
                           at: .init(line: 13, column: 53),
                           "'level_set.direction' is 'up'; it must be increasing (the constraint rises with the drive) "
                               + "or decreasing")
        Self.expectRefused("objective: k_1\nconstraints: [m_1 >= 20]\nlevel_set: {drive: k_1}\n", at: .init(line: 13, column: 12),
                           "'level_set' needs 'constraint': the constraint the drive moves, named as its quantity is "
                               + "written under 'constraints:' (e.g. gain_db)")
    }

    @Test("the drive and the placement parameter are parameters, the flag and the placement reading are readings")
    func nameErrors() {
        let head = "objective: k_1\nconstraints: [m_1 >= 20]\n"
        Self.expectRefused(head + "level_set: {constraint: m_1, drive: m_2}\n", at: .init(line: 13, column: 37),
                           "'level_set.drive' 'm_2' is a reading; it must be a parameter (written); the parameters are 'k_1', 'k_2'")
        Self.expectRefused(head + "level_set: {constraint: m_1, drive: k_3}\n", at: .init(line: 13, column: 37),
                           "'level_set.drive' 'k_3' is not a parameter (did you mean 'k_1' or 'k_2'?); the parameters are 'k_1', 'k_2'")
        Self.expectRefused(head + "level_set: {constraint: m_1, drive: k_1, unstable: k_2}\n", at: .init(line: 13, column: 52),
                           "'level_set.unstable' 'k_2' is a parameter; it must be a reading (a reading that is non-zero "
                               + "where the drive has pushed the device past its monotone range (e.g. an 'unstable' flag)); "
                               + "the readings are 'm_1', 'm_2', 'loss'")
        Self.expectRefused(head + "level_set: {constraint: m_1, drive: k_1, placement: {parameter: k_1, reading: m_2, target: 1}}\n",
                           at: .init(line: 13, column: 65),
                           "'level_set.placement.parameter' is the drive 'k_1'; placement moves another parameter (with "
                               + "the drive at its lowest bound)")
        Self.expectRefused(head + "level_set: {constraint: m_1, drive: k_1, placement: {parameter: k_2, reading: m_9, target: 1}}\n",
                           at: .init(line: 13, column: 79),
                           "'level_set.placement.reading' 'm_9' is not a reading (did you mean 'm_1' or 'm_2'?) (the "
                               + "reading taken with the drive off); the readings are 'm_1', 'm_2', 'loss'")
        Self.expectRefused(head + "level_set: {constraint: m_1, drive: k_1, placement: {parameter: k_2, reading: m_2}}\n",
                           at: .init(line: 13, column: 53),
                           "'level_set.placement' needs 'target': the value the reading must take, in its unit (e.g. 2.3)")
        Self.expectRefused(head + "level_set: {constraint: m_1, drive: k_1, placement: {parameter: k_2, reading: m_2, target: 1, resolution: -1}}\n",
                           at: .init(line: 13, column: 107),
                           "'level_set.placement.resolution' -1.0 must be a finite number ≥ 0 (the reading's noise, in "
                               + "its unit; 0 for an exact reading)")
        Self.expectRefused(head + "level_set: {constraint: m_1, drive: k_1, placment: {}}\n", at: .init(line: 13, column: 42),
                           "unknown key 'level_set.placment' (did you mean 'placement'?); known keys here: constraint, "
                               + "drive, direction, unstable, placement")
    }
}
