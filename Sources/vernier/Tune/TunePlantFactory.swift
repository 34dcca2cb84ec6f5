import ArgumentParser
import Foundation
import VernierCore
import VernierYAML
import VernierModbus
import VernierPlants

/// Builds the problem a tuning run drives, from its recipe: a registered plant (held at a context value when
/// one is given) or an external evaluator.
enum TunePlantFactory {
    static func make(_ recipe: TuneRecipe) throws -> any SingleOptimizable {
        if let command = recipe.objectiveCommand {
            let specification: CommandObjectiveSpecification
            do {
                specification = try PlantOptions(yaml: recipe.spaceFile ?? "", source: "--space")
                    .decode(CommandObjectiveSpecification.self)
            } catch {
                throw ValidationError("\(error)")
            }
            return CommandObjective(command: command, specification: specification)
        }
        guard let id = recipe.plantID else {
            throw ValidationError("the run names neither a plant nor an evaluator")
        }
        var plant = try PlantFactory.make(id: id, options: try options(of: recipe))
        if case .modbus(let mapPath, let endpoint) = recipe.backend {
            plant = try ModbusBackend.plant(model: plant, map: try ModbusBackend.map(path: mapPath, endpoint: endpoint))
        }
        if let context = recipe.context {
            guard let contextual = plant as? any ContextualOptimizable else {
                throw ValidationError("\(id) has no context (it is not a contextual plant); drop --context")
            }
            return try heldAt(context, contextual)
        }
        guard let problem = plant as? any SingleOptimizable else {
            throw ValidationError("\(id) cannot be tuned: it is not an optimisation problem (see `vernier envs`)")
        }
        return problem
    }

    static func options(of recipe: TuneRecipe) throws -> PlantOptions {
        try PlantFactory.storedOptions(text: recipe.plantOptions, source: recipe.plantOptionsSource)
    }

    private static func heldAt<Base: ContextualOptimizable>(_ context: Double, _ base: Base) throws -> any SingleOptimizable {
        do {
            return try FixedContext(base, context: context)
        } catch let error as ContextError {
            throw ValidationError("\(error)")
        }
    }
}
