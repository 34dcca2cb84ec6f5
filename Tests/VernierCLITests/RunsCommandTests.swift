import VernierTestSupport
import Foundation
import Testing

/// `vernier runs` and `vernier runs show`, end to end through the built tool.
struct RunsCommandTests {
    /// Records `count` synthetic evaluations into a new run of the store at `path`.
    static func recordSynthetic(count: Int, store path: String, home: String) throws {
        let result = try CommandLineTool.run(["runs", "record-synthetic", "--count", "\(count)", "--store", path], home: home)
        #expect(result.status == 0, "record-synthetic failed: \(result.standardError)")
    }

    @Test func anEmptyDefaultStoreListsNothingAndCreatesNothing() throws {
        try CommandLineTool.withHome { home in
            let human = try CommandLineTool.run(["runs"], home: home)
            #expect(human.status == 0)
            #expect(human.standardOutput.contains("No runs yet"))
            #expect(human.standardOutput.contains(home + "/data/vernier/runs.sqlite"))
            let json = try CommandLineTool.run(["runs", "--json"], home: home)
            #expect(json.status == 0)
            #expect(json.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]"
                    || json.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
            #expect(!FileManager.default.fileExists(atPath: home + "/data/vernier"))
        }
    }

    struct ListedRun: Decodable {
        var runId: String
        var kind: String
        var plant: String
        var algorithm: String
        var status: String
        var evaluationCount: Int
        var bestObjective: Double?
        var bestParameters: [Double]?
    }

    @Test func theListShowsEveryRunAsATableAndAsJSON() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            try Self.recordSynthetic(count: 25, store: store, home: home)
            try Self.recordSynthetic(count: 0, store: store, home: home)

            let table = try CommandLineTool.run(["runs", "--store", store], home: home)
            #expect(table.status == 0)
            let lines = table.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first == "Run store: \(store) (from --store)")
            let header = lines[1].split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            #expect(header == "id kind plant algorithm status evaluations best objective created")
            let first = lines[2].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(Array(first.prefix(7)) == ["r1", "run", "synthetic", "record-synthetic", "completed", "25", "-1"])
            let second = lines[3].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(Array(second.prefix(7)) == ["r2", "run", "synthetic", "record-synthetic", "completed", "0", "—"])

            let json = try CommandLineTool.run(["runs", "--json", "--store", store], home: home)
            #expect(json.status == 0)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let runs = try decoder.decode([ListedRun].self, from: Data(json.standardOutput.utf8))
            #expect(runs.map(\.runId) == ["r1", "r2"])
            #expect(runs.map(\.evaluationCount) == [25, 0])
            #expect(runs[0].bestObjective == -1)
            #expect(runs[0].bestParameters.map { $0.map(\.bitPattern) } == [0.0, -0.0, 0.0].map(\.bitPattern))
            #expect(runs[1].bestObjective == nil)
        }
    }

    @Test func theEnvironmentVariableSelectsTheStore() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/shift.sqlite"
            try Self.recordSynthetic(count: 1, store: store, home: home)
            let listed = try CommandLineTool.run(["runs"], home: home, environment: ["VERNIER_STORE": store])
            #expect(listed.status == 0)
            #expect(listed.standardOutput.contains("Run store: \(store) (from VERNIER_STORE)"))
            #expect(listed.standardOutput.contains("r1"))
        }
    }

    struct ShownRun: Decodable {
        struct Entry: Decodable {
            var index: Int
            var parameters: [Double]
            var objective: Double
            var constraints: [Double]
            var observables: [String: Double]
            var wallTime: Double
            var feasible: Bool
        }

        var runId: String
        var status: String
        var configuration: [String: Int]
        var bestObjective: Double?
        var bestEvaluationIndex: Int?
        var evaluationCount: Int
        var evaluations: [Entry]
    }

    @Test func showPrintsEveryEvaluationAsJSON() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            try Self.recordSynthetic(count: 25, store: store, home: home)
            let result = try CommandLineTool.run(["runs", "show", "r1", "--json", "--store", store], home: home)
            #expect(result.status == 0)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let shown = try decoder.decode(ShownRun.self, from: Data(result.standardOutput.utf8))
            #expect(shown.runId == "r1")
            #expect(shown.status == "completed")
            #expect(shown.configuration == ["count": 25])
            #expect(shown.bestObjective == -1 && shown.bestEvaluationIndex == 0)
            #expect(shown.evaluationCount == 25)
            #expect(shown.evaluations.map(\.index) == Array(0..<25))
            for entry in shown.evaluations {
                // The synthetic recorder's formula (RecordSyntheticRunCommand).
                let i = Double(entry.index)
                #expect(entry.parameters.map(\.bitPattern) == [i, -0.0, i / 3].map(\.bitPattern))
                #expect(entry.objective == i / 2 - 1)
                #expect(entry.constraints == [i - 5])
                #expect(entry.observables == ["i": i])
                #expect(entry.wallTime == i / 1000)
                #expect(entry.feasible == entry.index.isMultiple(of: 2))
            }
        }
    }

    @Test func showAbbreviatesLongRunsForPeopleUnlessAskedForAll() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            try Self.recordSynthetic(count: 25, store: store, home: home)
            let short = try CommandLineTool.run(["runs", "show", "r1", "--store", store], home: home)
            #expect(short.status == 0)
            #expect(short.standardOutput.hasPrefix("Run r1: run of synthetic with record-synthetic\n"))
            #expect(short.standardOutput.contains("status         completed"))
            #expect(short.standardOutput.contains("best           objective -1 at evaluation 0"))
            #expect(short.standardOutput.contains("\"count\" : 25"))
            #expect(short.standardOutput.contains("evaluations    25"))
            #expect(short.standardOutput.contains("…  5 more (--all lists them)"))
            #expect(Self.evaluationRows(short.standardOutput).map(\.first) == (Array(0..<10) + Array(15..<25)).map { "\($0)" })
            let all = try CommandLineTool.run(["runs", "show", "R1", "--all", "--store", store], home: home)
            #expect(all.status == 0)
            #expect(!all.standardOutput.contains("more (--all lists them)"))
            #expect(Self.evaluationRows(all.standardOutput).map(\.first) == (0..<25).map { "\($0)" })
        }
    }

    /// The cells of the evaluation table's rows (lines that start with an index) in `output`.
    static func evaluationRows(_ output: String) -> [[String]] {
        output.split(separator: "\n")
            .map { $0.split(separator: " ").map(String.init) }
            .filter { cells in cells.first.map { Int($0) != nil } ?? false }
    }

    @Test func anUnknownRunNamesTheNearestIDsAndExits64() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            try Self.recordSynthetic(count: 1, store: store, home: home)
            try Self.recordSynthetic(count: 1, store: store, home: home)
            let result = try CommandLineTool.run(["runs", "show", "r7", "--store", store], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains("no run r7 in the run store \(store). The nearest ids are r1, r2."))
            let malformed = try CommandLineTool.run(["runs", "show", "latest", "--store", store], home: home)
            #expect(malformed.status == 64)
            #expect(malformed.standardError.contains("'latest' is not a run id: ids look like r12"))
        }
    }

    @Test func badStorePathsExit64WithTheProblemAndTheFix() throws {
        try CommandLineTool.withHome { home in
            let notes = home + "/notes.txt"
            #expect(FileManager.default.createFile(atPath: notes, contents: Data(String(repeating: "beam notes\n", count: 100).utf8)))
            let notSQLite = try CommandLineTool.run(["runs", "--store", notes], home: home)
            #expect(notSQLite.status == 64)
            #expect(notSQLite.standardError.contains("\(notes) is not an SQLite database"))

            let missing = try CommandLineTool.run(["runs", "--store", "typo.sqlite"], home: home)
            #expect(missing.status == 64)
            #expect(missing.standardError.contains("there is no run store at \(home)/typo.sqlite"))
            #expect(!FileManager.default.fileExists(atPath: home + "/typo.sqlite"))

            let noDirectory = try CommandLineTool.run(
                ["runs", "record-synthetic", "--count", "1", "--store", home + "/missing/runs.sqlite"], home: home)
            #expect(noDirectory.status == 64)
            #expect(noDirectory.standardError.contains("the directory \(home)/missing does not exist; create it"))
        }
    }

    @Test func recordingCreatesTheDefaultStoreInTheUserDataDirectory() throws {
        try CommandLineTool.withHome { home in
            let result = try CommandLineTool.run(["runs", "record-synthetic", "--count", "2"], home: home)
            #expect(result.status == 0)
            #expect(FileManager.default.fileExists(atPath: home + "/data/vernier/runs.sqlite"))
            let listed = try CommandLineTool.run(["runs"], home: home)
            #expect(listed.standardOutput.contains("Run store: \(home)/data/vernier/runs.sqlite\n"))
        }
    }
}
