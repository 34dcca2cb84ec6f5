import VernierCore

/// One request of the serve protocol, decoded from its line (`{"op": …, …}`).
enum ServeRequest: Equatable {
    /// Spaces, names, metadata, constraints and the interfaces the plant has.
    case describe
    /// Gymnasium's `reset(seed=, options=)`.
    case reset(seed: UInt64?, options: ResetOptions?)
    /// Gymnasium's `step(action)`.
    case step(action: [Double])
    /// Resets every copy (`--copies K`): seed `seeds[i]` for copy `i` (`nil` continues its stream).
    case resetBatch(seeds: [UInt64?]?, options: ResetOptions?)
    /// Steps every copy with its action; with `autoreset`, a copy whose episode ends is reset at once (no seed)
    /// and its reply carries both the final and the new first observation.
    case stepBatch(actions: [[Double]], autoreset: Bool)
    /// COI's `compute_single_objective(params)`, or with a context the contextual problem's objective.
    case evaluate(parameters: [Double], context: Double?)
    /// COI's `get_initial_params()`: the starting point, with an optional new scenario seed and context.
    case initialParameters(seed: UInt64?, context: Double?)
    /// The optimisation box, at a context for a contextual plant.
    case optimizationSpace(context: Double?)
    /// A text rendering of the last reset or step (Gymnasium's `render()` in mode `ansi`).
    case render
    /// Ends the session: the plant is closed and the process exits 0.
    case close
    /// Chooses how replies write arrays of numbers: `"json"` (arrays of shortest decimals, the default) or
    /// `"base64"` (a string of the little-endian doubles' bytes).
    case configure(arraysAsBase64: Bool)

    /// The fields each op accepts (besides `op`).
    static let fields: [String: [String]] = [
        "describe": [], "reset": ["seed", "options"], "step": ["action"], "reset_batch": ["seeds", "options"],
        "step_batch": ["actions", "autoreset"], "evaluate": ["parameters", "context"],
        "initial_parameters": ["seed", "context"], "optimization_space": ["context"], "render": [], "close": [], "configure": ["arrays"],
    ]

    /// Decodes a parsed request line.
    static func decode(_ value: JSONLineValue) throws(ServeError) -> ServeRequest {
        guard case .object(let members) = value else {
            throw .request("a request is a JSON object such as {\"op\": \"describe\"}; got \(value.kindName)")
        }
        guard case .string(let op)? = value["op"] else {
            throw .request("a request needs \"op\": one of \(Self.fields.keys.sorted().joined(separator: ", "))")
        }
        guard let allowed = fields[op] else {
            let near = NearMatch.closest(to: op, among: Array(fields.keys))
            let hint = near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)"
            throw .request("unknown op '\(op)'\(hint); ops: \(Self.fields.keys.sorted().joined(separator: ", "))")
        }
        if let unknown = members.first(where: { $0.key != "op" && !allowed.contains($0.key) }) {
            let list = allowed.isEmpty ? "no fields" : "only " + allowed.map { "'\($0)'" }.joined(separator: ", ")
            throw .request("\(op) takes \(list); got '\(unknown.key)'")
        }
        switch op {
        case "describe": return .describe
        case "reset": return .reset(seed: try seed(value["seed"], op: op), options: try resetOptions(value["options"]))
        case "step": return .step(action: try numbers(value["action"], field: "action", op: op))
        case "reset_batch":
            var seeds: [UInt64?]?
            switch value["seeds"] {
            case nil, .null?: seeds = nil
            case .array(let elements)?:
                var list: [UInt64?] = []
                for element in elements { list.append(try seed(element, op: op)) }
                seeds = list
            default: throw .request("reset_batch: 'seeds' must be an array of seeds (integers or null), one per copy")
            }
            return .resetBatch(seeds: seeds, options: try resetOptions(value["options"]))
        case "step_batch":
            guard case .array(let rows)? = value["actions"] else {
                throw .request("step_batch needs 'actions': an array with one action (an array of numbers) per copy")
            }
            var actions: [[Double]] = []
            actions.reserveCapacity(rows.count)
            for row in rows { actions.append(try numbers(row, field: "actions", op: op)) }
            var autoreset = false
            switch value["autoreset"] {
            case nil, .null?: break
            case .bool(let flag)?: autoreset = flag
            default: throw .request("step_batch: 'autoreset' must be true or false")
            }
            return .stepBatch(actions: actions, autoreset: autoreset)
        case "evaluate":
            return .evaluate(parameters: try numbers(value["parameters"], field: "parameters", op: op),
                             context: try optionalNumber(value["context"], field: "context", op: op))
        case "initial_parameters":
            return .initialParameters(seed: try seed(value["seed"], op: op),
                                      context: try optionalNumber(value["context"], field: "context", op: op))
        case "optimization_space":
            return .optimizationSpace(context: try optionalNumber(value["context"], field: "context", op: op))
        case "render": return .render
        case "configure":
            switch value["arrays"] {
            case .string("json")?: return .configure(arraysAsBase64: false)
            case .string("base64")?: return .configure(arraysAsBase64: true)
            default: throw .request("configure takes 'arrays': \"json\" (arrays of decimals) or \"base64\" (little-endian doubles)")
            }
        default: return .close
        }
    }

    /// A seed: absent or null for none, else an integer in 0...2⁶⁴−1.
    static func seed(_ value: JSONLineValue?, op: String) throws(ServeError) -> UInt64? {
        switch value {
        case nil, .null?: return nil
        case .number(_, let exact?)?: return exact
        default: throw .request("\(op): 'seed' must be an integer in 0...18446744073709551615 or null")
        }
    }

    /// An array of numbers: a JSON array, or a string of base64 little-endian doubles.
    static func numbers(_ value: JSONLineValue?, field: String, op: String) throws(ServeError) -> [Double] {
        if case .string(let text)? = value {
            guard let values = Base64Doubles.decode(text) else {
                throw .request("\(op): '\(field)' is a string but not base64 of little-endian doubles")
            }
            return values
        }
        guard case .array(let elements)? = value else {
            throw .request(op == "step_batch" ? "step_batch: each of 'actions' must be an array of numbers"
                           : "\(op) needs '\(field)': an array of numbers")
        }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let number = element.number else {
                throw .request("\(op): '\(field)' must hold numbers only; found \(element.kindName)")
            }
            result.append(number)
        }
        return result
    }

    static func optionalNumber(_ value: JSONLineValue?, field: String, op: String) throws(ServeError) -> Double? {
        switch value {
        case nil, .null?: return nil
        case let value?:
            guard let number = value.number else { throw .request("\(op): '\(field)' must be a number") }
            return number
        }
    }

    /// Gymnasium's reset `options` dict: `state` (array of numbers) and `context` (a number), both optional.
    static func resetOptions(_ value: JSONLineValue?) throws(ServeError) -> ResetOptions? {
        switch value {
        case nil, .null?: return nil
        case .object(let members)?:
            if let unknown = members.first(where: { $0.key != "state" && $0.key != "context" }) {
                throw .request("reset options take 'state' (an exact initial state) and 'context' (a number); got '\(unknown.key)'")
            }
            let state: [Double]? = value?["state"] == nil || value?["state"] == .null
                ? nil : try numbers(value?["state"], field: "options.state", op: "reset")
            return ResetOptions(state: state, context: try optionalNumber(value?["context"], field: "options.context", op: "reset"))
        default:
            throw .request("reset: 'options' must be an object such as {\"state\": [3.1, 0]} or {\"context\": 5.3}")
        }
    }
}
