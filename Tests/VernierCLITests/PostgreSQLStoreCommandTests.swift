import Foundation
import Testing
import VernierStore
import VernierTestSupport

/// The command line on a run store on a real PostgreSQL server: a recorder killed with SIGKILL loses nothing it
/// announced, `runs`, `runs show` and `report` read the server, `store copy` moves runs between SQLite and
/// PostgreSQL, and a wrong URL gets a message naming the problem — without the password.
@Suite(.enabled(if: PostgreSQLServer.shouldRun, "PostgreSQL is not installed (apt-get install postgresql); CI requires it"))
struct PostgreSQLStoreCommandTests {
    @Test func everyAnnouncedEvaluationSurvivesSIGKILLOnPostgreSQL() throws {
        let url = try PostgreSQLServer.shared().newDatabase()
        try CommandLineTool.withHome { home in
            for round in 1...2 {
                let (run, announced) = try RunStoreCrashTests.recordUntilKilled(store: url, home: home)
                #expect(run == RunID(number: Int64(round)))
                #expect(announced == Array(0..<announced.count))
                let store = try RunStore(path: url)
                let records = try store.evaluations(of: run)
                #expect(records.count >= announced.count && records.count <= announced.count + 1)
                for record in records {
                    let i = Double(record.index)
                    #expect(record.parameters.map(\.bitPattern) == [i, -0.0, i / 3].map(\.bitPattern))
                    #expect(record.objective == i / 2 - 1)
                    #expect(record.isFeasible == record.index.isMultiple(of: 2))
                }
                #expect(try store.run(run).status == .interrupted)
                try store.close()
            }
        }
    }

    @Test func runsRunsShowAndReportReadAStoreOnTheServer() throws {
        let url = try PostgreSQLServer.shared().newDatabase()
        try CommandLineTool.withHome { home in
            let tune = try CommandLineTool.run(["tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "6", "--seed", "3",
                                                "--store", url, "--json"], home: home)
            #expect(tune.status == 0, "\(tune.standardError)")
            // VERNIER_STORE names the server as well as --store does.
            let list = try CommandLineTool.run(["runs"], home: home, environment: ["VERNIER_STORE": url])
            #expect(list.status == 0, "\(list.standardError)")
            #expect(list.standardOutput.contains("r1") && list.standardOutput.contains("awake/Steering-v1"))
            let show = try CommandLineTool.run(["runs", "show", "r1", "--store", url, "--json"], home: home)
            #expect(show.status == 0, "\(show.standardError)")
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any])
            #expect((shown["evaluations"] as? [Any])?.count == 6)
            let report = try CommandLineTool.run(["report", "r1", "--store", url, "--format", "md", "--out", home + "/r1.md"], home: home)
            #expect(report.status == 0, "\(report.standardError)")
            let markdown = try String(contentsOfFile: home + "/r1.md", encoding: .utf8)
            #expect(markdown.contains("# Run r1") && markdown.contains("- **evaluations**: 6"))

            // SQLite → PostgreSQL → SQLite: the run comes back with the same evaluations.
            let file = home + "/copy.sqlite"
            let copy = try CommandLineTool.run(["store", "copy", url, file, "--json"], home: home)
            #expect(copy.status == 0, "\(copy.standardError)")
            #expect(copy.standardOutput.contains(#""copy" : "r1""#) || copy.standardOutput.contains(#""copy":"r1""#))
            let again = try CommandLineTool.run(["store", "copy", file, url], home: home)
            #expect(again.status == 0, "\(again.standardError)")
            #expect(again.standardOutput.contains("r1 → r2"))
            let server = try RunStore(path: url)
            let original = try server.evaluations(of: RunID(number: 1))
            #expect(try server.evaluations(of: RunID(number: 2)) == original)
            #expect(try RunStore(path: file).evaluations(of: RunID(number: 1)) == original)
        }
    }

    @Test func aWrongURLIsNamedWithoutItsPassword() throws {
        try CommandLineTool.withHome { home in
            let unreachable = try CommandLineTool.run(
                ["runs", "--store", "postgresql://vernier:hunter2@/nowhere?host=\(home)/no-such-socket-directory"], home: home)
            #expect(unreachable.status == 1)
            #expect(unreachable.standardError.contains("cannot connect to the PostgreSQL run store postgresql://vernier@/nowhere"))
            #expect(unreachable.standardError.contains("check that the server is running"))
            let malformed = try CommandLineTool.run(["runs", "--store", "postgresql://vernier:hunter2@host/db?colour=blue"], home: home)
            #expect(malformed.status == 64)
            #expect(malformed.standardError.contains("the run store URL postgresql://vernier@host/db?colour=blue cannot be read"))
            for result in [unreachable, malformed] {
                #expect(!result.standardError.contains("hunter2") && !result.standardOutput.contains("hunter2"))
            }
        }
    }
}
