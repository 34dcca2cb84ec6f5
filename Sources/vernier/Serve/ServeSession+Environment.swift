import VernierCore

/// The environment requests: `reset`, `step`, and their batches over the copies.
extension ServeSession {
    mutating func reset(seed: UInt64?, options: ResetOptions?) throws {
        let reset = try resetCopy(0, seed: seed, options: options)
        writer.beginObject()
        write(reset: reset)
        writer.endObject()
    }

    mutating func step(_ action: [Double]) throws {
        let step = try stepCopy(0, action, name: "the action")
        write(step: step)
    }

    mutating func resetBatch(seeds: [UInt64?]?, options: ResetOptions?) throws {
        if let seeds, seeds.count != copyCount {
            throw ServeError.request("reset_batch: 'seeds' has \(seeds.count) entries; the session serves \(copyCount) copies")
        }
        writer.beginObject()
        writer.key("resets")
        writer.beginArray()
        for index in 0..<copyCount {
            let reset = try resetCopy(index, seed: seeds?[index] ?? nil, options: options)
            writer.beginObject()
            write(reset: reset)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    /// Steps each copy; with `autoreset`, a copy whose episode ended is reset at once without a seed and its
    /// entry also carries `reset_observation` and `reset_info`.
    mutating func stepBatch(_ actions: [[Double]], autoreset: Bool) throws {
        guard actions.count == copyCount else {
            throw ServeError.request("step_batch: 'actions' has \(actions.count) actions; the session serves \(copyCount) copies")
        }
        writer.beginObject()
        writer.key("steps")
        writer.beginArray()
        for index in 0..<copyCount {
            let step = try stepCopy(index, actions[index], name: "action \(index)")
            if autoreset && step.isDone {
                let reset = try resetCopy(index, seed: nil, options: nil)
                write(step: step) { session in
                    session.writer.member("reset_observation", reset.observation)
                    session.write(info: reset.info, key: "reset_info")
                }
            } else {
                write(step: step)
            }
        }
        writer.endArray()
        writer.endObject()
    }

    // MARK: - Implementation

    private mutating func resetCopy(_ index: Int, seed: UInt64?, options: ResetOptions?) throws -> Reset {
        let reset = try withCopy(index) { copy in try copy.withEnvironment { try $0.reset(seed: seed, options: options) } }
        if index == 0 {
            remember(reset.observation, reward: nil, end: (false, false))
            stepsSinceReset = 0
        }
        return reset
    }

    /// Steps copy `index`, refusing an action of the wrong length with the command line's message.
    private mutating func stepCopy(_ index: Int, _ action: [Double], name: String) throws -> Step {
        let id = plant.id
        let step = try withCopy(index) { copy in
            try copy.withEnvironment { environment in
                let expected = environment.actionSpace.elementCount
                guard action.count == expected else {
                    throw ServeError(kind: .plant, message: "\(name) has \(action.count) elements; \(id) takes \(expected)")
                }
                return try environment.step(action)
            }
        }
        if index == 0 {
            stepsSinceReset += 1
            remember(step.observation, reward: step.reward, end: (step.terminated, step.truncated))
        }
        return step
    }

    private mutating func write(reset: Reset) {
        writer.member("observation", reset.observation)
        write(info: reset.info)
    }

    /// Writes one step's object; `extra` adds members before it closes.
    private mutating func write(step: Step, extra: (inout ServeSession) -> Void = { _ in }) {
        writer.beginObject()
        writer.member("observation", step.observation)
        writer.member("reward", step.reward)
        writer.member("terminated", step.terminated)
        writer.member("truncated", step.truncated)
        write(info: step.info)
        extra(&self)
        writer.endObject()
    }

    /// Keeps what `render` shows, in the session's own buffer.
    private mutating func remember(_ observation: [Double], reward: Double?, end: (Bool, Bool)) {
        if lastObservation.count != observation.count {
            lastObservation = Array(repeating: 0, count: observation.count)
        }
        for index in observation.indices { lastObservation[index] = observation[index] }
        lastReward = reward
        lastEnd = end
    }
}
