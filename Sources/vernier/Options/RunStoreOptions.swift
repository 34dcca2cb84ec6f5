import ArgumentParser
import VernierStore

/// The `--store PATH` option, shared by every command that reads or records runs, and the one place that
/// turns the run store's errors into the command line's exit statuses.
struct RunStoreOptions: ParsableArguments {
    @Option(
        name: .customLong("store"),
        help: ArgumentHelp(
            "The run store: an SQLite file, or a PostgreSQL server as postgresql://USER@HOST:PORT/DATABASE.",
            discussion: "Default: $VERNIER_STORE, else $XDG_DATA_HOME/vernier/runs.sqlite, else ~/.local/share/vernier/runs.sqlite. Keep a server's password in ~/.pgpass or PGPASSWORD rather than in the URL.",
            valueName: "path-or-url"))
    var path: String?

    /// Where the store is, from `--store`, `VERNIER_STORE` or the user's data directory.
    func location() throws -> RunStoreLocation {
        try Self.reporting { try RunStoreLocation.resolve(option: path) }
    }

    /// Opens the store to record runs, creating it (and the default directory) when missing.
    func openForRecording() throws -> RunStore {
        let location = try location()
        return try Self.reporting { try RunStore(location: location) }
    }

    /// Opens the store to read runs; `nil` when the default store does not exist yet (nothing recorded).
    /// A store path the user gave that does not exist is an error: it is more likely a typo.
    func openForReading() throws -> (store: RunStore?, location: RunStoreLocation) {
        let location = try location()
        if !location.exists && location.source == .userDataDirectory { return (nil, location) }
        let store = try Self.reporting {
            try RunStore(location: location, options: RunStore.Options(createIfMissing: false))
        }
        return (store, location)
    }

    /// Runs `body`, rethrowing a run store error the user can fix by changing the command as a
    /// `ValidationError` (exit 64); other store errors pass through (exit 1 with their message).
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RunStoreError where error.isUsageError {
            throw ValidationError(error.description)
        }
    }
}
