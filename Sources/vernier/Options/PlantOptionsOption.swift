import ArgumentParser
import VernierCore

/// `--options`: the plant's options, for commands whose plant id is optional or named by another option
/// (`tune --resume`, `evaluate --env`). Commands with a required plant id use ``PlantSelection``, which has it too.
struct PlantOptionsOption: ParsableArguments {
    @Option(name: .customLong("options"),
            help: "The plant's options: a YAML file path, or inline YAML/JSON such as '{noise: 0.1}'.")
    var optionsText: String?

    /// The options, parsed (file or inline text); ``PlantOptions/none`` without `--options`.
    func parsed() throws -> PlantOptions {
        try PlantFactory.parsedOptions(optionsText)
    }

    /// What a run stores to rebuild the plant on resume: the file's contents, or the inline text.
    var storedText: String? {
        optionsText.map(PlantFactory.text(of:))
    }
}
