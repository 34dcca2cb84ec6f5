import Foundation
import GRDB
import Testing
import VernierCore
import VernierStore

/// Bad paths, bad files and contention give errors that name the problem and the fix.
struct RunStoreErrorTests {
    @Test func anEmptyPathIsRefused() {
        #expect(throws: RunStoreError.emptyPath) { try RunStore(path: "") }
    }

    @Test func aMissingDirectoryIsNamedWithTheCommandThatCreatesIt() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/no/such/dir/runs.sqlite"
            let error = #expect(throws: RunStoreError.self) { try RunStore(path: path) }
            #expect(error == .directoryMissing(path: path, directory: directory + "/no/such/dir"))
            #expect(error?.description.contains("mkdir -p '\(directory)/no/such/dir'") == true)
            #expect(error?.isUsageError == true)
            #expect(!FileManager.default.fileExists(atPath: directory + "/no"))
        }
    }

    @Test func aFileWhereTheDirectoryShouldBeIsNamed() throws {
        try withTemporaryDirectory { directory in
            let file = directory + "/notes.txt"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("beam notes".utf8)))
            let error = #expect(throws: RunStoreError.self) { try RunStore(path: file + "/runs.sqlite") }
            #expect(error == .notADirectory(path: file + "/runs.sqlite", directory: file))
            #expect(error?.description.contains("is a file, not a directory") == true)
        }
    }

    @Test func aDirectoryAsTheStorePathIsNamed() throws {
        try withTemporaryDirectory { directory in
            let error = #expect(throws: RunStoreError.self) { try RunStore(path: directory) }
            #expect(error == .pathIsADirectory(path: directory))
            #expect(error?.description.contains("\(directory)/runs.sqlite") == true)
        }
    }

    #if os(Linux)
    @Test func aDirectoryWhereNoFileCanBeCreatedGivesAClearError() throws {
        // /proc refuses new files to every user, root included (a chmod 555 directory would not stop root).
        let error = #expect(throws: RunStoreError.self) { try RunStore(path: "/proc/runs.sqlite") }
        let description = error?.description ?? ""
        #expect(description.contains("/proc/runs.sqlite"))
        #expect(description.contains("not writable") || description.contains("cannot open the file"))
    }
    #endif

    @Test func aFileThatIsNotSQLiteIsNamed() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/config.yaml"
            let text = String(repeating: "optimizer: bo\nbudget: 50\n", count: 40)
            #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
            let error = #expect(throws: RunStoreError.self) { try RunStore(path: path) }
            #expect(error == .notADatabase(path: path))
            #expect(error?.description.contains("is not an SQLite database") == true)
            let after = try String(contentsOfFile: path, encoding: .utf8)
            #expect(after == text)
        }
    }

    @Test func aDamagedStoreIsReportedAsDamagedWithTheWayOut() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/runs.sqlite"
            let run: RunID
            do {
                let store = try RunStore(path: path)
                run = try store.createRun(sampleRun()).id
                for index in 0..<300 {
                    try store.appendEvaluation(
                        to: run, parameters: Array(repeating: Double(index), count: 10), evaluation: Evaluation(objective: 1),
                        wallTime: 0, isFeasible: true)
                }
                // Closing the last connection moves the write-ahead log into the database file.
                try store.close()
            }
            // Keep the header page; overwrite every later page (the tables' b-trees) with garbage.
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            let size = try handle.seekToEnd()
            #expect(size > 8192)
            try handle.seek(toOffset: 4096)
            try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 4096))
            try handle.close()
            let error = #expect(throws: RunStoreError.self) {
                let store = try RunStore(path: path)
                _ = try store.evaluations(of: run)
            }
            guard case .corrupt(let errorPath, _) = error else {
                Issue.record("expected .corrupt, got \(String(describing: error))")
                return
            }
            #expect(errorPath == path)
            #expect(error?.description.contains("is damaged") == true)
            #expect(error?.description.contains(".recover") == true)
        }
    }

    @Test func aMissingStoreOpenedOnlyToReadIsNotCreated() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/runs.sqlite"
            let error = #expect(throws: RunStoreError.self) {
                try RunStore(path: path, options: RunStore.Options(createIfMissing: false))
            }
            #expect(error == .storeNotFound(path: path))
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func aLockHeldByAnotherWriterTimesOutWithAClearMessage() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/runs.sqlite"
            let store = try RunStore(path: path, options: RunStore.Options(busyTimeout: 0.2))
            let run = try store.createRun(sampleRun()).id
            // Another writer (a second connection, as another process would have) takes the write lock and keeps it.
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true
            let other = try DatabaseQueue(path: path, configuration: configuration)
            try other.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }
            let error = #expect(throws: RunStoreError.self) {
                try store.appendEvaluation(to: run, parameters: [1], evaluation: Evaluation(objective: 1),
                                           wallTime: 0, isFeasible: true)
            }
            #expect(error == .busy(path: path, waitedSeconds: 0.2))
            #expect(error?.description.contains("locked by another process") == true)
            #expect(error?.isUsageError == false)
            // Reads are not blocked by the writer (WAL), nor is opening an up-to-date store to read it.
            #expect(try store.run(run).status == .running)
            let reader = try RunStore(path: path, options: RunStore.Options(busyTimeout: 0.2))
            #expect(try reader.runs().map(\.run.id) == [run])
            try reader.close()
            try other.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
            try other.close()
            // Once the lock is released, recording works and nothing was half-written.
            let record = try store.appendEvaluation(to: run, parameters: [1], evaluation: Evaluation(objective: 1),
                                                    wallTime: 0, isFeasible: true)
            #expect(record.index == 0)
            try store.close()
        }
    }

    @Test func userErrorsAndSystemErrorsAreToldApart() {
        #expect(RunStoreError.notADatabase(path: "p").isUsageError)
        #expect(RunStoreError.malformedRunID("x").isUsageError)
        #expect(!RunStoreError.corrupt(path: "p", detail: "d").isUsageError)
        #expect(!RunStoreError.diskFull(path: "p").isUsageError)
    }
}
