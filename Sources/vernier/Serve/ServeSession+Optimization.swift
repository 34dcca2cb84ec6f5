import VernierCore

/// The optimisation requests: `evaluate`, `initial_parameters`, `optimization_space`, with or without a context.
extension ServeSession {
    mutating func evaluate(_ parameters: [Double], context: Double?) throws {
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
    }

    mutating func initialParameters(seed: UInt64?, context: Double?) throws {
        let parameters: [Double]
        if let context {
            parameters = try plant.withContextual { try $0.initialParameters(context: context, seed: seed) }
        } else {
            parameters = try plant.withOptimizable { try $0.initialParameters(seed: seed) }
        }
        writer.beginObject()
        writer.member("parameters", parameters)
        writer.endObject()
    }

    mutating func optimizationSpace(context: Double?) throws {
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
    }
}
