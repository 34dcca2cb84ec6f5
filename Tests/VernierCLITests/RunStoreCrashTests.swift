import VernierTestSupport
import Foundation
import Testing
import VernierStore

/// A recorder killed with SIGKILL mid-run loses no evaluation it announced as committed, and the store opens
/// cleanly afterwards — repeatedly, on the same store.
struct RunStoreCrashTests {
    /// Evaluations to see announced before the kill, per round.
    static let announcedBeforeKill = 40

    /// Starts `vernier runs record-synthetic` (no count: it records until killed), reads its announcements until
    /// `announcedBeforeKill` evaluations are committed, kills it with SIGKILL, and returns the indices it
    /// announced — everything it wrote before dying.
    static func recordUntilKilled(store: String, home: String) throws -> (run: RunID, announced: [Int]) {
        let process = Process()
        process.executableURL = try CommandLineTool.executable()
        process.arguments = ["runs", "record-synthetic", "--store", store]
        process.environment = CommandLineTool.environment(home: home)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var killed = false
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // end of file: the process is gone
            text += String(decoding: chunk, as: UTF8.self)
            if !killed && text.components(separatedBy: "\ncommitted ").count - 1 >= announcedBeforeKill {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        guard killed, process.terminationReason == .uncaughtSignal, process.terminationStatus == SIGKILL else {
            throw CommandLineTool.HarnessError(
                "the recorder was not killed as planned (status \(process.terminationStatus)): \(text.suffix(300))")
        }
        let lines = text.split(separator: "\n").map(String.init)
        guard let first = lines.first, first.hasPrefix("run "), let run = RunID(String(first.dropFirst(4))) else {
            throw CommandLineTool.HarnessError("the recorder did not announce its run: \(text.prefix(300))")
        }
        // A line cut short by the kill was not announced in full: only whole lines count.
        let whole = text.hasSuffix("\n") ? lines : Array(lines.dropLast())
        let announced = whole.dropFirst().compactMap { line -> Int? in
            line.hasPrefix("committed ") ? Int(line.dropFirst("committed ".count)) : nil
        }
        return (run, announced)
    }

    @Test func everyAnnouncedEvaluationSurvivesSIGKILL() throws {
        try CommandLineTool.withHome { home in
            let path = home + "/runs.sqlite"
            for round in 1...3 {
                let (run, announced) = try Self.recordUntilKilled(store: path, home: home)
                #expect(run == RunID(number: Int64(round)))
                #expect(announced == Array(0..<announced.count))
                #expect(announced.count >= Self.announcedBeforeKill)

                let store = try RunStore(path: path)
                let records = try store.evaluations(of: run)
                // Everything announced is there; at most the one committed but not yet announced is extra.
                #expect(records.count >= announced.count)
                #expect(records.count <= announced.count + 1)
                #expect(records.map(\.index) == Array(0..<records.count))
                for record in records {
                    let i = Double(record.index)
                    #expect(record.parameters.map(\.bitPattern) == [i, -0.0, i / 3].map(\.bitPattern))
                    #expect(record.objective == i / 2 - 1)
                    #expect(record.constraints == [i - 5])
                    #expect(record.observables == ["i": i])
                    #expect(record.wallTime == i / 1000)
                    #expect(record.isFeasible == record.index.isMultiple(of: 2))
                }
                let stopped = try store.run(run)
                // Killed, it never said how it ended: its process is gone, so it reads as interrupted, to be resumed.
                #expect(stopped.status == .interrupted)
                #expect(stopped.statusMessage?.contains("is gone; continue it with --resume \(run)") == true)
                #expect(stopped.summary.bestEvaluationIndex == 0)
                let resumed = try store.resumeRun(run)
                #expect(resumed.evaluations == records)
                try store.close()
            }
            // The runs killed earlier are intact after later rounds.
            let store = try RunStore(path: path)
            #expect(try store.runs().map(\.run.id) == [1, 2, 3].map { RunID(number: $0) })
            #expect(try store.runs().allSatisfy { $0.evaluationCount >= Self.announcedBeforeKill })
            try store.close()
        }
    }
}
