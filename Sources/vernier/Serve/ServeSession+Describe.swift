import VernierCore

/// The `describe` request: what the plant is and offers.
extension ServeSession {
    /// Writes a space: `{"type":"box",…}` or `{"type":"discrete",…}`.
    mutating func write(space: Space) {
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

    /// Writes the plant's description: interfaces, metadata, and the spaces and names of each interface.
    mutating func describe() throws {
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
