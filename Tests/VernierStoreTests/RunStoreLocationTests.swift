import Foundation
import Testing
import VernierStore

/// Where the store is: --store, then VERNIER_STORE, then XDG_DATA_HOME, then ~/.local/share.
struct RunStoreLocationTests {
    let home = "/home/operator"
    let here = "/data/shift"

    func resolve(_ option: String?, _ environment: [String: String]) throws -> RunStoreLocation {
        try RunStoreLocation.resolve(option: option, environment: ["HOME": home].merging(environment) { $1 },
                                     currentDirectory: here)
    }

    @Test func theOptionWinsOverEverything() throws {
        let location = try resolve("/srv/awake/runs.sqlite", ["VERNIER_STORE": "/elsewhere.sqlite", "XDG_DATA_HOME": "/xdg"])
        #expect(location == RunStoreLocation(path: "/srv/awake/runs.sqlite", source: .option))
        #expect(location.description == "/srv/awake/runs.sqlite (from --store)")
    }

    @Test func theEnvironmentVariableComesNext() throws {
        let location = try resolve(nil, ["VERNIER_STORE": "/srv/runs.sqlite", "XDG_DATA_HOME": "/xdg"])
        #expect(location == RunStoreLocation(path: "/srv/runs.sqlite", source: .environment))
        #expect(location.description == "/srv/runs.sqlite (from VERNIER_STORE)")
    }

    @Test func thenXDGDataHome() throws {
        let location = try resolve(nil, ["XDG_DATA_HOME": "/xdg/data"])
        #expect(location == RunStoreLocation(path: "/xdg/data/vernier/runs.sqlite", source: .userDataDirectory))
    }

    @Test(arguments: [[:], ["VERNIER_STORE": ""], ["XDG_DATA_HOME": ""], ["XDG_DATA_HOME": "relative/data"]])
    func thenTheHomeDirectory(environment: [String: String]) throws {
        // An empty variable counts as unset; a relative XDG_DATA_HOME is invalid by the XDG specification.
        let location = try resolve(nil, environment)
        #expect(location == RunStoreLocation(path: "/home/operator/.local/share/vernier/runs.sqlite", source: .userDataDirectory))
        #expect(location.directory == "/home/operator/.local/share/vernier")
    }

    @Test(arguments: [
        ("runs.sqlite", "/data/shift/runs.sqlite"), ("./a/../b/runs.sqlite", "/data/shift/b/runs.sqlite"),
        ("~/runs.sqlite", "/home/operator/runs.sqlite"), ("/abs/runs.sqlite", "/abs/runs.sqlite"),
    ])
    func pathsAreMadeAbsolute(given: String, expected: String) throws {
        #expect(try resolve(given, [:]).path == expected)
        #expect(try resolve(nil, ["VERNIER_STORE": given]).path == expected)
    }

    @Test func anEmptyOptionIsRefused() {
        #expect(throws: RunStoreError.emptyPath) { try resolve("", [:]) }
    }

    @Test func onlyTheDefaultDirectoryIsCreated() throws {
        try withTemporaryDirectory { directory in
            let xdg = directory + "/xdg"
            let location = try RunStoreLocation.resolve(option: nil, environment: ["HOME": directory, "XDG_DATA_HOME": xdg])
            let store = try RunStore(location: location)
            #expect(FileManager.default.fileExists(atPath: xdg + "/vernier/runs.sqlite"))
            try store.close()

            let chosen = try RunStoreLocation.resolve(option: directory + "/typo/runs.sqlite", environment: [:])
            #expect(throws: RunStoreError.directoryMissing(path: chosen.path, directory: directory + "/typo")) {
                try RunStore(location: chosen)
            }
            #expect(!FileManager.default.fileExists(atPath: directory + "/typo"))
        }
    }
}
