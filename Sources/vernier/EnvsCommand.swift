import ArgumentParser
import VernierCore

/// `vernier envs`: the registered plants.
struct EnvsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs", abstract: "List the registered plants and what each can be driven by.")

    @OptionGroup var output: OutputOptions

    struct Entry: Encodable {
        var id: String
        var summary: String
        var capabilities: [String]
        var optionsFile: String?
    }

    func run() throws {
        let entries = try PlantCatalogs.registry().specs.map {
            Entry(id: $0.id.description, summary: $0.summary,
                  capabilities: $0.capabilities.sorted().map(\.rawValue), optionsFile: $0.defaultOptionsFile)
        }
        if output.json {
            try JSONOutput.print(entries)
            return
        }
        let width = entries.map(\.id.count).max() ?? 0
        for entry in entries {
            let padded = entry.id.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(padded)  \(entry.summary)  [\(entry.capabilities.joined(separator: ", "))]")
        }
    }
}
