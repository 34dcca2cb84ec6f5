import ArgumentParser
import Foundation
import VernierCore

/// `vernier rollout ID`: reset a plant and step it through a list of actions.
struct RolloutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Reset an environment with a seed, step it through the actions in a file, and print every step.",
        discussion: """
            The actions file is a JSON array of actions, each an array of numbers (normalised to [-1, 1] for
            continuous plants), e.g. [[0.5], [-1], [0]]. The rollout stops early when the episode ends.
            """)

    @Argument(help: "The plant id, e.g. classic/Pendulum-v1.")
    var id: String

    @OptionGroup var seedOption: SeedOptions

    @Option(name: .customLong("reset-options"),
            help: "Reset options as JSON, e.g. '{\"state\": [3.1, 0]}' (Pendulum: exact initial [θ, θ̇]).")
    var resetOptionsText: String?

    /// The old spelling of `--reset-options`, kept hidden for one version.
    @Option(name: .customLong("options"), help: .hidden)
    var deprecatedResetOptionsText: String?

    @Option(name: .customLong("plant-options"), help: "The plant's options: a YAML file or inline YAML/JSON.")
    var plantOptionsText: String?

    @Option(help: "JSON file with the actions: an array of arrays of numbers.")
    var actions: String

    @OptionGroup var output: OutputOptions

    /// What `rollout --options` said before it was renamed (printed on standard error when it is used).
    static let deprecationMessage = """
        warning: `vernier rollout --options` is now `--reset-options` (every other command's --options is the \
        plant's options); the old spelling goes away in the next version
        """

    /// The reset options, from `--reset-options` or the deprecated `--options`.
    private var givenResetOptions: String? { resetOptionsText ?? deprecatedResetOptionsText }

    struct Record: Encodable {
        var observation: [Double]
        var reward: Double
        var terminated: Bool
        var truncated: Bool
    }

    struct Output: Encodable {
        var resetObservation: [Double]
        var steps: [Record]
    }

    func validate() throws {
        if deprecatedResetOptionsText != nil {
            guard resetOptionsText == nil else {
                throw ValidationError("give the reset options once, with --reset-options")
            }
            FileHandle.standardError.write(Data((Self.deprecationMessage + "\n").utf8))
        }
        guard FileManager.default.fileExists(atPath: actions) else {
            throw ValidationError("actions file '\(actions)' does not exist; give a JSON array of actions, e.g. [[0.5], [-1]]")
        }
    }

    func run() throws {
        let actionList = try Self.readActions(path: actions)
        let resetOptions = try Self.parseResetOptions(givenResetOptions)
        let plant = try PlantFactory.make(id: id, optionsText: plantOptionsText)
        guard var environment = plant as? any Environment else {
            throw ValidationError("\(id) is not an environment: it cannot be stepped (see `vernier envs`)")
        }
        let expected = environment.actionSpace.elementCount
        if let bad = actionList.firstIndex(where: { $0.count != expected }) {
            throw ValidationError("action \(bad) has \(actionList[bad].count) elements; \(id) takes \(expected)")
        }
        let reset = try environment.reset(seed: seedOption.seed, options: resetOptions)
        var records: [Record] = []
        for action in actionList {
            let step = try environment.step(action)
            records.append(Record(observation: step.observation, reward: step.reward,
                                  terminated: step.terminated, truncated: step.truncated))
            if step.isDone { break }
        }
        try environment.close()
        if output.json {
            try JSONOutput.print(Output(resetObservation: reset.observation, steps: records))
            return
        }
        print("reset  observation \(Format.vector(reset.observation))")
        for (index, record) in records.enumerated() {
            let flags = (record.terminated ? " terminated" : "") + (record.truncated ? " truncated" : "")
            print("step \(index + 1)  observation \(Format.vector(record.observation))  reward \(Format.number(record.reward))\(flags)")
        }
        if records.count < actionList.count {
            print("(episode ended after \(records.count) of \(actionList.count) actions)")
        }
    }

    static func readActions(path: String) throws -> [[Double]] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot read actions file '\(path)': \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode([[Double]].self, from: data)
        } catch {
            throw ValidationError("actions file '\(path)' is not a JSON array of arrays of numbers, e.g. [[0.5], [-1]]")
        }
    }

    static func parseResetOptions(_ text: String?) throws -> ResetOptions? {
        guard let text else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(ResetOptions.self, from: Data(text.utf8))
        } catch {
            throw ValidationError("--options must be a JSON object such as '{\"state\": [3.1, 0]}' or '{\"context\": 2.3}'")
        }
    }
}
