/// Why the run store could not do what was asked; every description names the problem and the fix.
public enum RunStoreError: Error, Equatable, CustomStringConvertible {
    /// The store path is empty.
    case emptyPath
    /// The directory that should hold the store does not exist.
    case directoryMissing(path: String, directory: String)
    /// What should be the store's directory is a file.
    case notADirectory(path: String, directory: String)
    /// The store's directory cannot be written (SQLite needs to create its journal files there).
    case directoryNotWritable(path: String, directory: String)
    /// The store path names a directory.
    case pathIsADirectory(path: String)
    /// The store file exists but cannot be written.
    case fileNotWritable(path: String)
    /// No store exists at the path (and it was opened only to read).
    case storeNotFound(path: String)
    /// The file is not an SQLite database.
    case notADatabase(path: String)
    /// The file is an SQLite database of some other program.
    case notARunStore(path: String, detail: String)
    /// SQLite found the file damaged.
    case corrupt(path: String, detail: String)
    /// Another process held the store's write lock for longer than the busy timeout.
    case busy(path: String, waitedSeconds: Double)
    /// A newer Vernier changed the schema in ways this one does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The disk (or quota) is full.
    case diskFull(path: String)
    /// The text is not a run id.
    case malformedRunID(String)
    /// No run has the id; `nearest` are the closest ids the store holds.
    case unknownRun(RunID, nearest: [RunID], path: String)
    /// Evaluations and episodes are only recorded while a run is running.
    case runNotRunning(RunID, status: RunStatus)
    /// The run's process is alive: another process must not resume it.
    case stillRunning(RunID, owner: String)
    /// A record the caller passed is invalid.
    case invalidRecord(String)
    /// The PostgreSQL URL cannot be read (libpq's reason in `detail`); the URL is shown without its password.
    case malformedServerURL(String, detail: String)
    /// No connection could be made to the PostgreSQL server (or it was lost and could not be made again).
    case serverUnreachable(String, detail: String)
    /// Any other SQLite or PostgreSQL failure.
    case database(path: String, message: String)

    /// Whether the error comes from what the user typed (a path, a run id) rather than from the store's state
    /// or the system: the command line exits 64 for these, 1 for the others.
    public var isUsageError: Bool {
        switch self {
        case .emptyPath, .directoryMissing, .notADirectory, .directoryNotWritable, .pathIsADirectory,
             .fileNotWritable, .storeNotFound, .notADatabase, .notARunStore, .malformedRunID, .unknownRun,
             .stillRunning, .malformedServerURL:
            return true
        case .corrupt, .busy, .newerSchema, .diskFull, .runNotRunning, .invalidRecord, .database, .serverUnreachable:
            return false
        }
    }

    public var description: String {
        let elsewhere = "or choose another store with --store PATH or \(RunStoreLocation.environmentVariable)"
        switch self {
        case .emptyPath:
            return "the run store path is empty; give a file path such as runs.sqlite, or leave --store out to use the default"
        case .directoryMissing(let path, let directory):
            return "cannot create the run store \(path): the directory \(directory) does not exist; create it (mkdir -p '\(directory)') \(elsewhere)"
        case .notADirectory(let path, let directory):
            return "cannot create the run store \(path): \(directory) is a file, not a directory; \(elsewhere)"
        case .directoryNotWritable(let path, let directory):
            return "cannot write the run store \(path): the directory \(directory) is not writable (SQLite creates its journal files next to the store); fix its permissions \(elsewhere)"
        case .pathIsADirectory(let path):
            return "the run store path \(path) is a directory; give a file path inside it, e.g. \(path.hasSuffix("/") ? path : path + "/")runs.sqlite"
        case .fileNotWritable(let path):
            return "the run store \(path) is not writable; fix its permissions (chmod u+w '\(path)') \(elsewhere)"
        case .storeNotFound(let path):
            return "there is no run store at \(path); check the path (runs are recorded by `vernier tune` and `vernier train`), \(elsewhere)"
        case .notADatabase(let path):
            return "\(path) is not an SQLite database, so it cannot be a run store; point --store at a run store, or at a new file name to create one"
        case .notARunStore(let path, let detail):
            return "\(path) is an SQLite database but not a Vernier run store (\(detail)); Vernier leaves it untouched — point --store at a run store, or at a new file name to create one"
        case .corrupt(let path, let detail):
            return "the run store \(path) is damaged (SQLite: \(detail)); move it aside and recover what you can with `sqlite3 '\(path)' .recover > runs.sql`, then rerun (a new store is created at that path)"
        case .busy(let path, let waited):
            return "the run store \(path) is locked by another process (waited \(waited) s for it); let the other vernier finish, \(elsewhere)"
        case .newerSchema(let path, let unknown):
            return "the run store \(path) was written by a newer Vernier (schema migrations \(unknown.joined(separator: ", ")) are unknown to this one); upgrade vernier to read it — it was left unchanged — \(elsewhere)"
        case .diskFull(let path):
            return "cannot write the run store \(path): the disk is full; free space and resume the run"
        case .malformedRunID(let text):
            return "'\(text)' is not a run id: ids look like r12 (run `vernier runs` to list them)"
        case .unknownRun(let id, let nearest, let path):
            let hint = nearest.isEmpty
                ? " The store holds no runs yet."
                : " The nearest ids are \(nearest.map(\.description).joined(separator: ", "))."
            return "no run \(id) in the run store \(path).\(hint) Run `vernier runs` to list them."
        case .runNotRunning(let id, let status):
            return "run \(id) is \(status), not running: resume it before recording more"
        case .stillRunning(let id, let owner):
            return "run \(id) is still being recorded by \(owner); stop that process first (Ctrl-C saves it), then resume"
        case .invalidRecord(let reason):
            return "invalid record: \(reason)"
        case .malformedServerURL(let url, let detail):
            return "the run store URL \(url) cannot be read (\(detail)); write it as postgresql://USER@HOST:PORT/DATABASE (a socket directory as ?host=/path), the password in ~/.pgpass or PGPASSWORD rather than in the URL"
        case .serverUnreachable(let url, let detail):
            return "cannot connect to the PostgreSQL run store \(url): \(detail); check that the server is running and that the host, port, database and user in the URL are right (the user needs the rights to create tables in the database), \(elsewhere)"
        case .database(let path, let message):
            return "the run store \(path) failed: \(message)"
        }
    }
}
