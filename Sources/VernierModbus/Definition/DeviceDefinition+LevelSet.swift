import VernierCore
import VernierExpressions

extension DeviceDefinition {
    /// The keys of a `level_set:` section.
    static let levelSetKeys = ["constraint", "drive", "direction", "unstable", "placement"]
    /// The keys of its `placement:` entry.
    static let placementKeys = ["parameter", "reading", "target", "resolution"]

    /// Reads `level_set:`: a constraint that one parameter (the drive) moves monotonically up to an instability,
    /// and optionally a placement reading (``LevelSetStructure``), checked against the constraints, parameters
    /// and readings the definition has; every error names its line and column and what exists.
    ///
    /// ```yaml
    /// level_set:
    ///   constraint: gain_db            # a constraint's quantity, as written under constraints:
    ///   drive: pump_power_dbm          # the parameter that moves it monotonically
    ///   direction: increasing          # or decreasing (default increasing)
    ///   unstable: unstable             # optional: a reading, non-zero beyond the monotone range
    ///   placement:                     # optional
    ///     parameter: flux_bias_ua      # moves the reading monotonically near the start
    ///     reading: passive_resonance_ghz   # read with the drive at its lowest bound
    ///     target: 2.3                  # the value the reading must take (its unit)
    ///     resolution: 2.0e-5           # the reading's noise (its unit), default 0
    /// ```
    static func levelSetStructure(_ cursor: YAMLCursor, map: RegisterMap,
                         constraints: [DeviceConstraint]) throws(RegisterMapError) -> LevelSetStructure {
        let fields = try cursor.mapping(allowed: levelSetKeys)
        let parameterNames = map.parameters.map(\.name), readingNames = map.readings.map(\.name)

        let constraintCursor = try fields.required(
            "constraint", "the constraint the drive moves, named as its quantity is written under 'constraints:' (e.g. gain_db)")
        let constraintName = try constraintCursor.string()
        guard !constraints.isEmpty else {
            throw constraintCursor.error("'level_set.constraint' is '\(constraintName)', but the definition has no "
                                         + "'constraints:'; add the level to reach there, e.g. '\(constraintName) >= 20'")
        }
        guard let constraint = constraints.first(where: { $0.name == constraintName }) else {
            throw constraintCursor.error(
                "'level_set.constraint' is '\(constraintName)', which is not a constraint"
                    + "\(NearMatchHint.hint(constraintName, among: constraints.map(\.name))); the constraints are "
                    + "\(RegisterMap.quoted(constraints.map(\.name))) (name the quantity, without its limit)")
        }

        let driveCursor = try fields.required("drive", "the parameter that moves the constraint monotonically (e.g. pump_power_dbm)")
        let drive = try parameter(driveCursor, role: "drive", parameterNames: parameterNames, readingNames: readingNames)

        var increasing = true
        if let directionCursor = fields.optional("direction") {
            switch try directionCursor.string() {
            case "increasing": increasing = true
            case "decreasing": increasing = false
            case let other:
                throw directionCursor.error("'level_set.direction' is '\(other)'"
                                            + "\(NearMatchHint.hint(other, among: ["increasing", "decreasing"])); it must be "
                                            + "increasing (the constraint rises with the drive) or decreasing")
            }
        }
        // The drive must move the quantity towards its limit: rising onto a lower limit, falling onto an upper one.
        let limit = increasing ? constraint.lowerBound : constraint.upperBound
        guard limit.isFinite else {
            let (needed, relation) = increasing ? ("a lower limit", ">=") : ("an upper limit", "<=")
            throw constraintCursor.error(
                "the level set's drive '\(drive)' makes '\(constraintName)' \(increasing ? "rise" : "fall"), which needs "
                    + "\(needed) on it ('\(constraintName) \(relation) …' under constraints:, at \(constraint.location)); "
                    + "otherwise the least drive is simply the lowest. Fix the constraint, or set direction: "
                    + "\(increasing ? "decreasing" : "increasing")")
        }

        var instability: String?
        if let unstableCursor = fields.optional("unstable") {
            instability = try reading(unstableCursor, role: "unstable", parameterNames: parameterNames,
                                      readingNames: readingNames,
                                      purpose: "a reading that is non-zero where the drive has pushed the device past "
                                          + "its monotone range (e.g. an 'unstable' flag)")
        }

        var placement: LevelSetStructure.Placement?
        if let placementCursor = fields.optional("placement") {
            let entry = try placementCursor.mapping(allowed: placementKeys)
            let parameterCursor = try entry.required("parameter", "the parameter that moves the placement reading (e.g. flux_bias_ua)")
            let parameter = try Self.parameter(parameterCursor, role: "placement.parameter", parameterNames: parameterNames,
                                               readingNames: readingNames)
            guard parameter != drive else {
                throw parameterCursor.error("'level_set.placement.parameter' is the drive '\(drive)'; placement moves "
                                            + "another parameter (with the drive at its lowest bound)")
            }
            let readingCursor = try entry.required("reading", "the reading, taken with the drive off, that must equal the target (e.g. passive_resonance_ghz)")
            let observable = try reading(readingCursor, role: "placement.reading", parameterNames: parameterNames,
                                         readingNames: readingNames, purpose: "the reading taken with the drive off")
            let targetCursor = try entry.required("target", "the value the reading must take, in its unit (e.g. 2.3)")
            let target = try targetCursor.number()
            guard target.isFinite else { throw targetCursor.error("'level_set.placement.target' \(target) must be finite") }
            var resolution = 0.0
            if let resolutionCursor = entry.optional("resolution") {
                resolution = try resolutionCursor.number()
                guard resolution >= 0, resolution.isFinite else {
                    throw resolutionCursor.error("'level_set.placement.resolution' \(resolution) must be a finite number ≥ 0 "
                                                 + "(the reading's noise, in its unit; 0 for an exact reading)")
                }
            }
            placement = LevelSetStructure.Placement(parameter: parameter, observable: observable, target: target,
                                                    resolution: resolution)
        }
        return LevelSetStructure(constraint: constraintName, drive: drive, increasing: increasing,
                                 instabilityObservable: instability, placement: placement)
    }

    /// The parameter `cursor` names, or an error saying it is a reading or unknown.
    private static func parameter(_ cursor: YAMLCursor, role: String, parameterNames: [String],
                                  readingNames: [String]) throws(RegisterMapError) -> String {
        let name = try cursor.string()
        guard parameterNames.contains(name) else {
            let kind = readingNames.contains(name) ? " is a reading; it must be a parameter (written)"
                : " is not a parameter\(NearMatchHint.hint(name, among: parameterNames))"
            throw cursor.error("'level_set.\(role)' '\(name)'\(kind); the parameters are \(RegisterMap.quoted(parameterNames))")
        }
        return name
    }

    /// The reading `cursor` names, or an error saying it is a parameter or unknown.
    private static func reading(_ cursor: YAMLCursor, role: String, parameterNames: [String], readingNames: [String],
                                purpose: String) throws(RegisterMapError) -> String {
        let name = try cursor.string()
        guard readingNames.contains(name) else {
            let kind = parameterNames.contains(name) ? " is a parameter; it must be a reading (\(purpose))"
                : " is not a reading\(NearMatchHint.hint(name, among: readingNames)) (\(purpose))"
            throw cursor.error("'level_set.\(role)' '\(name)'\(kind); the readings are \(RegisterMap.quoted(readingNames))")
        }
        return name
    }
}
