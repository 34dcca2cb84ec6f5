import Foundation
import VernierCore
import VernierExpressions
import Yams

/// A `modbus/Device-v1` definition: a whole plant in one YAML file — the register map (transport, parameters
/// with bounds, max step and settle time, readings) plus what to optimise and, optionally, an RL view.
///
/// ```yaml
/// objective: rms(bpm_1..bpm_10)              # or  maximize: gain_db - 0.1 * pump_dbm
/// constraints: [rms(corrector_1..corrector_10) <= 1.5]
/// averaging: 4                               # or {count: 4, interval_ms: 100}
/// initial: current                           # or a list, or a mapping of parameter values
/// success_objective: 0.05
/// observation: [{name: bpm_1..bpm_10, scale: 0.2}]      # RL view, optional
/// action: [{name: corrector_1..corrector_10, max_change: 0.1}]
/// reward: -rms(bpm_1..bpm_10)
/// terminate_when: rms(bpm_1..bpm_10) <= 0.05
/// max_episode_steps: 50
/// level_set: {constraint: gain_db, drive: pump_power_dbm, unstable: unstable}   # optional: the contour search
/// ```
///
/// Loading checks everything without touching the device: the map as `RegisterMap` does, and each expression
/// against the names that exist (the readings, then the parameters), with the file's line and column and the
/// expression's own column for every error. The format is documented in `hardware/README.md`.
public struct DeviceDefinition: Sendable {
    /// The top-level keys a definition adds to a register map's.
    public static let keys = ["objective", "maximize", "constraints", "averaging", "initial", "success_objective",
                              "observation", "action", "reward", "terminate_when", "max_episode_steps", "level_set"]

    /// The register map.
    public var map: RegisterMap
    /// The names expressions may use, in values-vector order: every reading, then every parameter (map order).
    public let names: NameTable
    /// The objective as written (after `objective:` or `maximize:`).
    public let objective: CompiledExpression
    /// Whether the expression is maximised (the plant then minimises its negative).
    public let maximizes: Bool
    /// The constraints, in file order (two limits on one quantity merged).
    public let constraints: [DeviceConstraint]
    /// How many reads each evaluation averages.
    public let averaging: ReadingAveraging
    /// Where optimisation starts.
    public let initial: InitialSettings
    /// The objective (as minimised) at or below which a run counts as successful, if given.
    public let successObjective: Double?
    /// The RL view, when the file has `observation:` and `action:`.
    public let reinforcementLearning: DeviceRLView?
    /// The constraint one parameter drives monotonically (`level_set:`), when declared: what the contour search
    /// (`vernier tune --optimizer contour`) follows, as a simulated plant declares it in its metadata.
    public let levelSet: LevelSetStructure?

    init(map: RegisterMap, names: NameTable, objective: CompiledExpression, maximizes: Bool,
         constraints: [DeviceConstraint], averaging: ReadingAveraging, initial: InitialSettings,
         successObjective: Double?, reinforcementLearning: DeviceRLView?, levelSet: LevelSetStructure? = nil) {
        self.map = map
        self.names = names
        self.objective = objective
        self.maximizes = maximizes
        self.constraints = constraints
        self.averaging = averaging
        self.initial = initial
        self.successObjective = successObjective
        self.reinforcementLearning = reinforcementLearning
        self.levelSet = levelSet
    }

    /// Parses and checks a definition.
    ///
    /// - Parameter source: the file path (or a label) used in error messages.
    /// - Throws: ``RegisterMapError`` naming the line and column at fault.
    public init(yaml text: String, source: String) throws(RegisterMapError) {
        let (map, extras) = try RegisterMap.load(yaml: text, source: source, extraKeys: Self.keys)
        self = try Self.build(map: map, extras: extras, text: text)
    }

    /// Parses and checks a definition already parsed as YAML (inline `--options`).
    ///
    /// Without the text, an expression error points at the expression's column in the file only when the
    /// expression is a one-line scalar; ``init(yaml:source:)`` checks that against the text.
    public init(node: Node, source: String) throws(RegisterMapError) {
        let (map, extras) = try RegisterMap.load(node: node, source: source, extraKeys: Self.keys)
        self = try Self.build(map: map, extras: extras, text: nil)
    }

    /// Reads and checks the definition in `url`.
    public init(contentsOf url: URL) throws(RegisterMapError) {
        try self.init(yaml: try Self.text(of: url), source: url.path)
    }

    /// Loads the file at `url` as a register map, and as a definition too when it has any definition key: what
    /// `vernier probe` and `vernier device serve` accept.
    public static func mapOrDefinition(contentsOf url: URL) throws(RegisterMapError) -> (map: RegisterMap, definition: DeviceDefinition?) {
        try mapOrDefinition(yaml: try text(of: url), source: url.path)
    }

    /// ``mapOrDefinition(contentsOf:)`` for text.
    public static func mapOrDefinition(yaml text: String, source: String) throws(RegisterMapError) -> (map: RegisterMap, definition: DeviceDefinition?) {
        let (map, extras) = try RegisterMap.load(yaml: text, source: source, extraKeys: keys)
        guard !extras.isEmpty else { return (map, nil) }
        let definition = try build(map: map, extras: extras, text: text)
        return (map, definition)
    }

    private static func text(of url: URL) throws(RegisterMapError) -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RegisterMapError(source: url.path, location: nil,
                                   message: "cannot read the device definition: \(error.localizedDescription)")
        }
    }

    /// The same definition reaching its device at another TCP endpoint (`--endpoint`, a test server).
    public func reached(at host: String, port: Int) -> DeviceDefinition {
        var copy = self
        copy.map = map.reached(at: host, port: port)
        return copy
    }

    // MARK: - What the plant reports

    /// The file the definition came from.
    public var source: String { map.source }

    /// The objective's name: the expression, and for `maximize:` that it is minimised as its negative.
    public var objectiveName: String {
        maximizes ? "−(\(objective.text)) (maximize: \(objective.text), minimised as its negative)" : objective.text
    }

    /// The constraints as the optimisers see them.
    public var optimizerConstraints: [Constraint] { constraints.map(\.constraint) }

    /// The parameters' box: each parameter's bounds from the map.
    public var parameterSpace: Box {
        Box(low: map.parameters.map(\.bounds.lowerBound), high: map.parameters.map(\.bounds.upperBound))
    }

    /// What the objective, the constraints (and the RL view) compute from one set of values.
    public struct Outcome: Sendable, Hashable {
        /// The objective expression as written.
        public var objectiveValue: Double
        /// The objective as minimised (negated for `maximize:`).
        public var minimizedObjective: Double
        /// One value per constraint.
        public var constraintValues: [Double]
        /// Whether every constraint holds.
        public var isFeasible: Bool
    }

    /// Evaluates the objective and constraints for `values` (readings then parameters, map order) — what
    /// `vernier probe` prints for a definition file.
    public func outcome(values: [Double]) -> Outcome {
        let value = objective.evaluate(values)
        let constraintValues = constraints.map { $0.quantity.evaluate(values) }
        let feasible = zip(constraints, constraintValues).allSatisfy { $0.constraint.isSatisfied(by: $1) }
        return Outcome(objectiveValue: value, minimizedObjective: maximizes ? -value : value,
                       constraintValues: constraintValues, isFeasible: feasible)
    }
}
