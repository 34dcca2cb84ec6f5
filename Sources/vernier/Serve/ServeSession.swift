import ArgumentParser
import VernierCore

/// Answers the requests of one `vernier serve` session: each request line in, one reply line out.
///
/// The plant runs exactly the code `vernier rollout`, `tune` and `train` run; this type only decodes requests,
/// calls the plant and writes what it returned. Replies are built in one reused buffer (``JSONLineWriter``).
struct ServeSession {
    /// The plant, and copy 0 of a batch: the single-plant requests drive it.
    private var plant: ServedPlant
    /// Copies 1 … K − 1 of a batch (`--copies K`), each built from the same options.
    private var others: [ServedPlant]
    private var writer = JSONLineWriter()
    /// Whether a `close` request ended the session.
    private(set) var isClosed = false

    /// What `render` shows: the last reset or step, copied into buffers of the session's own (holding the
    /// plant's observation array would make its next step copy it).
    private var lastObservation: [Double] = []
    private var lastReward: Double?
    private var lastEnd = (terminated: false, truncated: false)
    private var stepsSinceReset = 0

    /// A session on `plant` and, for batched requests, `others` (copies 1 … K − 1).
    init(plant: ServedPlant, others: [ServedPlant] = []) {
        self.plant = plant
        self.others = others
    }

    /// Number of copies the batched requests drive.
    var copyCount: Int { 1 + others.count }

    /// Lends copy `index` to `body` in place (no copy of the plant's storage).
    private mutating func withCopy<R>(_ index: Int, _ body: (inout ServedPlant) throws -> R) rethrows -> R {
        index == 0 ? try body(&plant) : try body(&others[index - 1])
    }

    /// The greeting the server writes before reading any request.
    mutating func greeting() -> [UInt8] {
        writer.reset()
        writer.beginObject()
        writer.member("protocol", ServeProtocol.name)
        writer.member("version", ServeProtocol.version)
        writer.member("id", plant.id)
        writer.member("copies", copyCount)
        writer.endObject()
        return writer.bytes
    }

    /// The reply to one request line (without its newline).
    mutating func reply(to line: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        writer.reset()
        do {
            let value: JSONLineValue
            do {
                value = try JSONLineParser.parse(line)
            } catch {
                throw ServeError.request("the request is \(error)")
            }
            try answer(try ServeRequest.decode(value))
        } catch {
            writer.reset()
            Self.writeError(error, into: &writer)
        }
        return writer.bytes
    }

    /// Writes `{"error": message, "kind": kind}` for `error`, with the message the command line would print.
    static func writeError(_ error: any Error, into writer: inout JSONLineWriter) {
        writer.beginObject()
        switch error {
        case let error as ServeError:
            writer.member("error", error.message)
            writer.member("kind", error.kind.rawValue)
        case let error as ValidationError:
            writer.member("error", error.message)
            writer.member("kind", "usage")
        default:
            writer.member("error", String(describing: error))
            writer.member("kind", ServeError.Kind.plant.rawValue)
        }
        writer.endObject()
    }

    /// Releases the plant.
    mutating func close() throws {
        try plant.close()
        for index in others.indices { try others[index].close() }
    }

    private mutating func answer(_ request: ServeRequest) throws {
        switch request {
        case .describe:
            try describe()
        case .reset(let seed, let options):
            let reset = try plant.withEnvironment { try $0.reset(seed: seed, options: options) }
            remember(reset.observation, reward: nil, end: (false, false))
            stepsSinceReset = 0
            writer.beginObject()
            writer.member("observation", reset.observation)
            write(info: reset.info)
            writer.endObject()
        case .step(let action):
            let id = plant.id
            let step = try plant.withEnvironment { environment in
                let expected = environment.actionSpace.elementCount
                guard action.count == expected else {
                    throw ServeError(kind: .plant, message: "the action has \(action.count) elements; \(id) takes \(expected)")
                }
                return try environment.step(action)
            }
            stepsSinceReset += 1
            remember(step.observation, reward: step.reward, end: (step.terminated, step.truncated))
            writer.beginObject()
            writer.member("observation", step.observation)
            writer.member("reward", step.reward)
            writer.member("terminated", step.terminated)
            writer.member("truncated", step.truncated)
            write(info: step.info)
            writer.endObject()
        case .resetBatch(let seeds, let options):
            if let seeds, seeds.count != copyCount {
                throw ServeError.request("reset_batch: 'seeds' has \(seeds.count) entries; the session serves \(copyCount) copies")
            }
            writer.beginObject()
            writer.key("resets")
            writer.beginArray()
            for index in 0..<copyCount {
                let seed = seeds?[index] ?? nil
                let reset = try withCopy(index) { copy in try copy.withEnvironment { try $0.reset(seed: seed, options: options) } }
                if index == 0 {
                    remember(reset.observation, reward: nil, end: (false, false))
                    stepsSinceReset = 0
                }
                writer.beginObject()
                writer.member("observation", reset.observation)
                write(info: reset.info)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        case .stepBatch(let actions, let autoreset):
            guard actions.count == copyCount else {
                throw ServeError.request("step_batch: 'actions' has \(actions.count) actions; the session serves \(copyCount) copies")
            }
            let id = plant.id
            writer.beginObject()
            writer.key("steps")
            writer.beginArray()
            for index in 0..<copyCount {
                let action = actions[index]
                let step = try withCopy(index) { copy in
                    try copy.withEnvironment { environment in
                        let expected = environment.actionSpace.elementCount
                        guard action.count == expected else {
                            throw ServeError(kind: .plant, message: "action \(index) has \(action.count) elements; \(id) takes \(expected)")
                        }
                        return try environment.step(action)
                    }
                }
                if index == 0 {
                    stepsSinceReset += 1
                    remember(step.observation, reward: step.reward, end: (step.terminated, step.truncated))
                }
                writer.beginObject()
                writer.member("observation", step.observation)
                writer.member("reward", step.reward)
                writer.member("terminated", step.terminated)
                writer.member("truncated", step.truncated)
                write(info: step.info)
                if autoreset && step.isDone {
                    let reset = try withCopy(index) { copy in try copy.withEnvironment { try $0.reset(seed: nil, options: nil) } }
                    writer.member("reset_observation", reset.observation)
                    write(info: reset.info, key: "reset_info")
                }
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        case .evaluate(let parameters, let context):
            let evaluation: Evaluation
            if let context {
                evaluation = try plant.withContextual { try $0.evaluate(parameters, context: context) }
            } else {
                evaluation = try plant.withOptimizable { try $0.evaluate(parameters) }
            }
            writer.beginObject()
            writer.member("objective", evaluation.objective)
            writer.member("constraints", evaluation.constraints)
            writer.key("observables")
            writer.beginObject()
            for name in evaluation.observables.keys.sorted() {
                writer.member(name, evaluation.observables[name] ?? .nan)
            }
            writer.endObject()
            writer.endObject()
        case .initialParameters(let seed, let context):
            let parameters: [Double]
            if let context {
                parameters = try plant.withContextual { try $0.initialParameters(context: context, seed: seed) }
            } else {
                parameters = try plant.withOptimizable { try $0.initialParameters(seed: seed) }
            }
            writer.beginObject()
            writer.member("parameters", parameters)
            writer.endObject()
        case .optimizationSpace(let context):
            let box: Box
            if let context {
                box = try plant.withContextual { try $0.optimizationSpace(context: context) }
            } else {
                box = try plant.withOptimizable { $0.optimizationSpace }
            }
            writer.beginObject()
            writer.key("space")
            write(space: .box(box))
            writer.endObject()
        case .render:
            writer.beginObject()
            writer.member("text", renderText())
            writer.endObject()
        case .configure(let arraysAsBase64):
            writer.beginObject()
            writer.member("arrays", arraysAsBase64 ? "base64" : "json")
            writer.endObject()
            writer.writesArraysAsBase64 = arraysAsBase64
        case .close:
            isClosed = true
            writer.beginObject()
            writer.member("closed", true)
            writer.endObject()
        }
    }

    private mutating func remember(_ observation: [Double], reward: Double?, end: (Bool, Bool)) {
        if lastObservation.count != observation.count {
            lastObservation = Array(repeating: 0, count: observation.count)
        }
        for index in observation.indices { lastObservation[index] = observation[index] }
        lastReward = reward
        lastEnd = end
    }

    /// The `ansi` rendering: the last reset or step as `vernier rollout` prints it.
    private func renderText() -> String {
        guard plant.environmentSpaces != nil else { return "\(plant.id): \(plant.metadata.machine)" }
        if lastObservation.isEmpty { return "\(plant.id): not reset yet" }
        guard let reward = lastReward else { return "reset  observation \(Format.vector(lastObservation))" }
        let flags = (lastEnd.terminated ? " terminated" : "") + (lastEnd.truncated ? " truncated" : "")
        return "step \(stepsSinceReset)  observation \(Format.vector(lastObservation))  reward \(Format.number(reward))\(flags)"
    }

    private mutating func write(info: StepInfo, key: String = "info") {
        writer.key(key)
        writer.beginObject()
        if let success = info.isSuccess { writer.member("is_success", success) }
        if !info.values.isEmpty {
            for name in info.values.keys.sorted() { writer.member(name, info.values[name] ?? .nan) }
        }
        writer.endObject()
    }

    private mutating func write(space: Space) {
        writer.beginObject()
        switch space {
        case .box(let box):
            writer.member("type", "box")
            writer.member("low", box.low)
            writer.member("high", box.high)
            writer.key("shape")
            writer.beginArray()
            for size in box.shape { writer.integer(size) }
            writer.endArray()
        case .discrete(let discrete):
            writer.member("type", "discrete")
            writer.member("n", discrete.count)
            writer.member("start", discrete.start)
        }
        writer.endObject()
    }

    private mutating func write(constraints: [Constraint]) {
        writer.key("constraints")
        writer.beginArray()
        for constraint in constraints {
            writer.beginObject()
            writer.member("name", constraint.name)
            writer.member("lower_bound", constraint.lowerBound)
            writer.member("upper_bound", constraint.upperBound)
            writer.endObject()
        }
        writer.endArray()
    }

    private mutating func describe() throws {
        let metadata = plant.metadata
        writer.beginObject()
        writer.member("id", plant.id)
        var interfaces: [String] = []
        if plant.environmentSpaces != nil { interfaces.append("environment") }
        if plant.isOptimizable { interfaces.append("optimizable") }
        if plant.isContextual { interfaces.append("contextual") }
        writer.member("interfaces", interfaces)
        writer.key("metadata")
        writer.beginObject()
        writer.member("render_modes", metadata.renderModes.map(\.rawValue))
        writer.member("machine", metadata.machine)
        writer.member("cancellable", metadata.isCancellable)
        writer.member("simulated", metadata.isSimulated)
        if let steps = metadata.maxEpisodeSteps { writer.member("max_episode_steps", steps) }
        if let objective = metadata.successObjective { writer.member("success_objective", objective) }
        writer.endObject()
        if let spaces = plant.environmentSpaces {
            writer.key("environment")
            writer.beginObject()
            writer.key("observation_space")
            write(space: spaces.observation)
            writer.key("action_space")
            write(space: spaces.action)
            writer.endObject()
        }
        if plant.isOptimizable {
            let (space, names, objective, constraints) = try plant.withOptimizable {
                ($0.optimizationSpace, $0.parameterNames, $0.objectiveName, $0.constraints)
            }
            writer.key("optimizable")
            writer.beginObject()
            writer.key("optimization_space")
            write(space: .box(space))
            writer.member("parameter_names", names)
            writer.member("objective_name", objective)
            write(constraints: constraints)
            writer.endObject()
        }
        if plant.isContextual {
            let (name, range, names, objective, constraints) = try plant.withContextual {
                ($0.contextName, $0.contextRange, $0.parameterNames, $0.objectiveName, $0.constraints)
            }
            writer.key("contextual")
            writer.beginObject()
            writer.member("context_name", name)
            writer.member("context_range", [range.lowerBound, range.upperBound])
            writer.member("parameter_names", names)
            writer.member("objective_name", objective)
            write(constraints: constraints)
            writer.endObject()
        }
        writer.endObject()
    }
}
