import Foundation
import VernierCore
import VernierExpressions
import Yams

extension DeviceDefinition {
    /// Reads the definition's own sections, given the map already loaded.
    static func build(map: RegisterMap, extras: [String: Node], text: String?) throws(RegisterMapError) -> DeviceDefinition {
        let lines = text.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        func cursor(_ key: String) -> YAMLCursor? {
            extras[key].map { YAMLCursor(node: $0, path: key, source: map.source) }
        }
        let names = NameTable(map.readings.map(\.name) + map.parameters.map(\.name))
        let top = SourceLocation(line: 1, column: 1)

        // The objective: exactly one of objective: and maximize:.
        let objective: CompiledExpression
        let maximizes: Bool
        switch (cursor("objective"), cursor("maximize")) {
        case (let minimized?, nil):
            objective = try minimized.expression(names: names, lines: lines)
            maximizes = false
        case (nil, let maximized?):
            objective = try maximized.expression(names: names, lines: lines)
            maximizes = true
        case (_?, let maximized?):
            throw maximized.error("give either 'objective:' (minimised) or 'maximize:', not both")
        case (nil, nil):
            throw RegisterMapError(source: map.source, location: top,
                                   message: "a device definition needs 'objective:' (an expression of the readings and "
                                       + "parameters to minimise, e.g. rms(bpm_1..bpm_10)) or 'maximize:'")
        }

        let constraints = try cursor("constraints").map { cursor throws(RegisterMapError) in
            try Self.constraints(cursor, names: names, lines: lines)
        } ?? []
        let averaging = try cursor("averaging").map { cursor throws(RegisterMapError) in try Self.averaging(cursor) }
            ?? ReadingAveraging()
        let initial = try cursor("initial").map { cursor throws(RegisterMapError) in try Self.initial(cursor, map: map) }
            ?? .current
        var successObjective: Double?
        if let cursor = cursor("success_objective") {
            let value = try cursor.number()
            guard value.isFinite else { throw cursor.error("success_objective \(value) must be finite") }
            successObjective = maximizes ? -value : value
        }
        let view = try Self.reinforcementLearning(cursor, names: names, map: map, lines: lines)
        let levelSet = try cursor("level_set").map { cursor throws(RegisterMapError) in
            try Self.levelSetStructure(cursor, map: map, constraints: constraints)
        }
        return DeviceDefinition(map: map, names: names, objective: objective, maximizes: maximizes,
                                constraints: constraints, averaging: averaging, initial: initial,
                                successObjective: successObjective, reinforcementLearning: view, levelSet: levelSet)
    }

    // MARK: - Sections

    private static func constraints(
        _ cursor: YAMLCursor, names: NameTable, lines: [Substring]?
    ) throws(RegisterMapError) -> [DeviceConstraint] {
        var found: [DeviceConstraint] = []
        var relations: [[Relation]] = []
        for item in try cursor.sequence() {
            let comparison = try item.comparison(names: names, lines: lines)
            let name = comparison.quantityText
            var lower = -Double.infinity, upper = Double.infinity
            if comparison.relation == .atMost { upper = comparison.limit } else { lower = comparison.limit }
            guard let existing = found.firstIndex(where: { $0.name == name }) else {
                found.append(DeviceConstraint(name: name, quantity: comparison.quantity, lowerBound: lower,
                                              upperBound: upper, location: item.location))
                relations.append([comparison.relation])
                continue
            }
            // A second limit on the same quantity: the other side merges, the same side twice is a mistake.
            guard !relations[existing].contains(comparison.relation) else {
                throw item.error("'\(name)' already has a '\(comparison.relation.rawValue)' limit "
                                 + "(at \(found[existing].location)); give each limit once")
            }
            relations[existing].append(comparison.relation)
            found[existing].lowerBound = max(found[existing].lowerBound, lower)
            found[existing].upperBound = min(found[existing].upperBound, upper)
            guard found[existing].lowerBound <= found[existing].upperBound else {
                throw item.error("'\(name)' must be at least \(found[existing].lowerBound) and at most "
                                 + "\(found[existing].upperBound), which no value can be")
            }
        }
        return found
    }

    private static func averaging(_ cursor: YAMLCursor) throws(RegisterMapError) -> ReadingAveraging {
        var averaging = ReadingAveraging()
        if case .mapping = cursor.node {
            let fields = try cursor.mapping(allowed: ["count", "interval_ms"])
            averaging.count = try fields.required("count", "how many reads to average, 1...1000").integer()
            averaging.interval = try (fields.optional("interval_ms")?.number() ?? 0) / 1_000
        } else {
            averaging.count = try cursor.integer()
        }
        if let problem = averaging.problems().first {
            throw cursor.error("\(problem) (averaging: N reads, or {count: N, interval_ms: T})")
        }
        return averaging
    }

    private static func initial(_ cursor: YAMLCursor, map: RegisterMap) throws(RegisterMapError) -> InitialSettings {
        let parameters = map.parameters
        func checked(_ valueCursor: YAMLCursor, _ setpoint: Setpoint) throws(RegisterMapError) -> Double {
            let value = try valueCursor.number()
            if case .failure(let problem) = setpoint.point.quantized(value) {
                throw valueCursor.error("initial value of '\(setpoint.name)': \(problem)".replacingOccurrences(
                    of: "; nothing was written", with: ""))
            }
            return value
        }
        switch cursor.node {
        case .scalar:
            let text = try cursor.string()
            guard text == "current" else {
                throw cursor.error("'initial' is '\(text)'; give 'current' (start where the device is), a list of "
                                   + "\(parameters.count) values in parameter order, or a mapping of parameter names to values")
            }
            return .current
        case .sequence:
            let items = try cursor.sequence()
            guard items.count == parameters.count else {
                throw cursor.error("'initial' lists \(items.count) values for \(parameters.count) parameters "
                                   + "(\(RegisterMap.quoted(parameters.map(\.name)))); give one per parameter, in order, "
                                   + "or a mapping of names to values")
            }
            var values: [Double?] = []
            for (item, setpoint) in zip(items, parameters) { values.append(try checked(item, setpoint)) }
            return .values(values)
        case .mapping(let mapping):
            var values = [Double?](repeating: nil, count: parameters.count)
            for (keyNode, valueNode) in mapping {
                let keyLocation = keyNode.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? cursor.location
                let name = keyNode.string ?? ""
                guard let index = parameters.firstIndex(where: { $0.name == name }) else {
                    let kind = map.reading(named: name) != nil ? " is a reading; initial values are for parameters" : " is not a parameter"
                    throw cursor.error("'initial.\(name)'\(kind)\(NearMatchHint.hint(name, among: parameters.map(\.name))); "
                                       + "the parameters are \(RegisterMap.quoted(parameters.map(\.name)))", at: keyLocation)
                }
                let valueCursor = YAMLCursor(node: valueNode, path: "initial.\(name)", source: cursor.source)
                values[index] = try checked(valueCursor, parameters[index])
            }
            return .values(values)
        case .alias:
            throw cursor.error("'initial' should be 'current', a list or a mapping, not an alias")
        }
    }

    private static func reinforcementLearning(
        _ cursor: (String) -> YAMLCursor?, names: NameTable, map: RegisterMap, lines: [Substring]?
    ) throws(RegisterMapError) -> DeviceRLView? {
        let observationCursor = cursor("observation"), actionCursor = cursor("action")
        guard let observationCursor, let actionCursor else {
            for key in ["observation", "action", "reward", "terminate_when", "max_episode_steps"] {
                if let present = cursor(key) {
                    throw present.error("'\(key)' belongs to the RL view, which needs both 'observation:' (readings "
                                        + "with scales) and 'action:' (parameters with max_change)")
                }
            }
            return nil
        }
        var observation: [DeviceRLView.ObservationEntry] = []
        for item in try observationCursor.sequence() {
            let fields = try item.mapping(allowed: ["name", "scale"])
            let nameCursor = try fields.required("name", "a reading or parameter, or a range such as bpm_1..bpm_10")
            let indices = try nameCursor.nameList(names: names, lines: lines)
            let scaleCursor = try fields.required("scale", "the factor that brings the value into [-1, 1], e.g. 0.2 for ±5 mm")
            let scale = try scaleCursor.number()
            guard scale.isFinite, scale != 0 else {
                throw scaleCursor.error("observation scale \(scale) must be finite and non-zero")
            }
            for index in indices {
                observation.append(.init(name: names.names[index], valueIndex: index, scale: scale))
            }
        }
        var action: [DeviceRLView.ActionEntry] = []
        let readingCount = map.readings.count
        for item in try actionCursor.sequence() {
            let fields = try item.mapping(allowed: ["name", "max_change"])
            let nameCursor = try fields.required("name", "a parameter, or a range such as corrector_1..corrector_10")
            let indices = try nameCursor.nameList(names: names, lines: lines)
            let changeCursor = try fields.required("max_change", "the change of the parameter for action 1, in its physical unit")
            let change = try changeCursor.number()
            guard change > 0, change.isFinite else {
                throw changeCursor.error("max_change \(change) must be positive and finite")
            }
            for index in indices {
                guard index >= readingCount else {
                    throw nameCursor.error("'\(names.names[index])' is a reading; actions move parameters "
                                           + "(\(RegisterMap.quoted(map.parameters.map(\.name))))")
                }
                let parameterIndex = index - readingCount
                if action.contains(where: { $0.parameterIndex == parameterIndex }) {
                    throw nameCursor.error("'\(names.names[index])' is listed twice in 'action'")
                }
                action.append(.init(name: names.names[index], parameterIndex: parameterIndex, maxChange: change))
            }
        }
        guard !observation.isEmpty, !action.isEmpty else {
            throw (observation.isEmpty ? observationCursor : actionCursor).error("the RL view needs at least one entry here")
        }
        let reward = try cursor("reward").map { cursor throws(RegisterMapError) in
            try cursor.expression(names: names, lines: lines)
        }
        let terminateWhen = try cursor("terminate_when").map { cursor throws(RegisterMapError) in
            try cursor.comparison(names: names, lines: lines)
        }
        var maxEpisodeSteps: Int?
        if let stepsCursor = cursor("max_episode_steps") {
            let steps = try stepsCursor.integer()
            guard steps >= 1 else { throw stepsCursor.error("max_episode_steps \(steps) must be at least 1") }
            maxEpisodeSteps = steps
        }
        return DeviceRLView(observation: observation, action: action, reward: reward, terminateWhen: terminateWhen,
                            maxEpisodeSteps: maxEpisodeSteps)
    }
}
