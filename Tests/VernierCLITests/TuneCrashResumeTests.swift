import Foundation
import Testing
import VernierMath
import VernierStore
import VernierTestSupport

/// A tuning run that dies (SIGKILL, so it says nothing) at seeded random points shows as interrupted, keeps every
/// committed evaluation, and resumes to exactly the result of a run that never died.
@Suite(.serialized) struct TuneCrashResumeTests {
    static let arguments = ["tune", "awake/Steering-v1", "--optimizer", "bo", "--budget", "12", "--seed", "4", "--json"]

    /// Starts the tune, waits (polling the store read-only) until at least `evaluations` are committed, and kills
    /// it with SIGKILL; returns the evaluations committed when it died.
    static func tuneUntilKilled(after evaluations: Int, store: String, home: String) throws -> Int {
        let process = Process()
        process.executableURL = try CommandLineTool.executable()
        process.arguments = arguments + ["--store", store]
        process.environment = CommandLineTool.environment(home: home)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        var committed = 0
        while process.isRunning, Date() < deadline {
            if FileManager.default.fileExists(atPath: store),
               let reader = try? RunStore(path: store, options: .init(createIfMissing: false)) {
                committed = (try? reader.evaluationCount(of: RunID(number: 1))) ?? 0
                try? reader.close()
                if committed >= evaluations { break }
            }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return committed
    }

    @Test("SIGKILL at seeded random points: `runs` says interrupted, nothing committed is lost, --resume ends as an uninterrupted run")
    func killedRunsResumeToTheSameResult() throws {
        try CommandLineTool.withHome { home in
            let reference = try CommandLineTool.run(Self.arguments + ["--store", home + "/reference.sqlite"], home: home)
            #expect(reference.status == 0, "\(reference.standardError)")
            let expected = try #require(TuneCommandTests.report(reference.standardOutput).evaluations)

            var generator = SeededGenerator(seed: 2026)
            var resumedRounds = 0
            for round in 0..<3 {
                let store = home + "/killed-\(round).sqlite"
                let killAfter = 1 + Int(generator.next() % 10)
                let committed = try Self.tuneUntilKilled(after: killAfter, store: store, home: home)
                #expect(committed >= 1, "round \(round): the run was killed before it committed anything")

                let listing = try CommandLineTool.run(["runs", "--store", store, "--json"], home: home)
                let runs = try JSONSerialization.jsonObject(with: Data(listing.standardOutput.utf8)) as? [[String: Any]]
                let status = runs?.first?["status"] as? String
                #expect(status == "interrupted" || status == "completed", "round \(round): \(listing.standardOutput)")
                let reader = try RunStore(path: store, options: .init(createIfMissing: false))
                let kept = try reader.evaluations(of: RunID(number: 1))
                try reader.close()
                #expect(kept.count >= committed && kept.map(\.index) == Array(0..<kept.count))
                #expect(zip(kept, expected).allSatisfy { $0.objective == $1.objective && $0.parameters == $1.parameters },
                        "round \(round): what was committed before the kill is what an uninterrupted run evaluated")
                guard status == "interrupted" else { continue }

                let resumed = try CommandLineTool.run(["tune", "--resume", "r1", "--store", store, "--json"], home: home)
                #expect(resumed.status == 0, "round \(round): \(resumed.standardError)")
                let final = try TuneCommandTests.report(resumed.standardOutput).evaluations
                #expect(final.map(\.objective) == expected.map(\.objective), "round \(round), killed after \(committed)")
                #expect(final.map(\.parameters) == expected.map(\.parameters))
                resumedRounds += 1
            }
            #expect(resumedRounds >= 2, "the kills must land mid-run: only \(resumedRounds) of 3 rounds were interrupted")
        }
    }
}
