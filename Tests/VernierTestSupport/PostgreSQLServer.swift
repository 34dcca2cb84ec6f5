import Foundation

/// A real PostgreSQL server for tests: a cluster made by `initdb` in a temporary directory, served by `pg_ctl` on
/// a Unix socket in that directory only (`listen_addresses = ''`), stopped and deleted afterwards.
///
/// Debian's `postgres` refuses to run as root, and CI runs as root: then `initdb` and `pg_ctl` run as the
/// unprivileged user `nobody` (through `runuser`), the directory chown'ed to it. Clients connect as the cluster's
/// superuser `vernier` with trust authentication on the socket.
///
/// The binaries are found with `pg_config --bindir`, else in the newest `/usr/lib/postgresql/*/bin`. When they are
/// absent a test may skip outside CI (``isAvailable``); under CI (`CI` set and not `false`) it must run and fail
/// (``isRequired``).
public final class PostgreSQLServer: @unchecked Sendable {
    /// The directory holding the cluster (`data/`), the socket and the log.
    public let directory: URL
    /// The directory of `initdb`, `pg_ctl`, `createdb`.
    public let binaries: URL
    private let lock = NSLock()
    private var databaseCount = 0

    /// Whether the tests run under CI, where an absent PostgreSQL is a failure rather than a reason to skip.
    public static let isRequired = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false

    /// Whether PostgreSQL's server binaries are installed.
    public static var isAvailable: Bool { findBinaries() != nil }

    /// Whether PostgreSQL tests run here: the binaries are installed, or CI requires them.
    public static var shouldRun: Bool { isAvailable || isRequired }

    /// One server shared by the tests of a process (started on first use, stopped and deleted at exit).
    public static func shared() throws -> PostgreSQLServer {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let sharedServer { return sharedServer }
        let server = try PostgreSQLServer()
        sharedServer = server
        atexit { PostgreSQLServer.stopSharedServer() }
        return server
    }

    nonisolated(unsafe) private static var sharedServer: PostgreSQLServer?
    private static let sharedLock = NSLock()

    private static func stopSharedServer() {
        sharedServer?.destroy()
    }

    /// Makes a cluster in a new temporary directory and starts its server (waits until it accepts connections).
    public init() throws {
        guard let binaries = Self.findBinaries() else {
            throw ProcessError("PostgreSQL's server binaries (initdb, pg_ctl) were not found (pg_config --bindir, "
                               + "/usr/lib/postgresql/*/bin): `apt-get install postgresql` (or `make deps`)")
        }
        self.binaries = binaries
        // /tmp rather than $TMPDIR: a Unix socket's path must stay under 108 bytes.
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("vernier-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard let user = getpwnam("nobody") else {
                throw ProcessError("running as root, but there is no user 'nobody' to run PostgreSQL as")
            }
            guard chown(directory.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw ProcessError("cannot chown \(directory.path) to nobody: errno \(errno)")
            }
        }
        try runAsServerUser("initdb", ["-D", dataDirectory, "-U", "vernier", "--auth=trust", "--no-sync", "-E", "UTF8",
                                       "--locale=C"])
        try start()
    }

    deinit {
        destroy()
    }

    /// The cluster's data directory.
    public var dataDirectory: String { directory.appendingPathComponent("data").path }

    /// The URL of `database` on this server, over the socket.
    public func url(database: String = "postgres") -> String {
        "postgresql://vernier@/\(database)?host=\(directory.path)"
    }

    /// Creates a new empty database and returns its URL: each test works in a database of its own.
    public func newDatabase() throws -> String {
        lock.lock()
        databaseCount += 1
        let name = "test\(databaseCount)_\(UUID().uuidString.prefix(8).lowercased())"
        lock.unlock()
        try Self.run(binaries.appendingPathComponent("createdb").path,
                     ["-h", directory.path, "-U", "vernier", name])
        return url(database: name)
    }

    /// Starts the server (after ``stop(mode:)``); waits until it accepts connections.
    public func start() throws {
        let options = "-c listen_addresses='' -c unix_socket_directories='\(directory.path)' -c fsync=off "
            + "-c max_connections=60"
        try runAsServerUser("pg_ctl", ["-D", dataDirectory, "-o", options,
                                       "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60", "start"])
    }

    /// Stops the server: `fast` (clients disconnected, a clean shutdown) or `immediate` (the processes killed,
    /// as in a crash: the next start replays the WAL).
    public func stop(mode: String = "fast") throws {
        try runAsServerUser("pg_ctl", ["-D", dataDirectory, "-m", mode, "-w", "stop"])
    }

    /// Stops the server if it runs and deletes its directory.
    public func destroy() {
        lock.lock()
        defer { lock.unlock() }
        guard FileManager.default.fileExists(atPath: directory.path) else { return }
        try? runAsServerUser("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Processes

    private func runAsServerUser(_ tool: String, _ arguments: [String]) throws {
        let path = binaries.appendingPathComponent(tool).path
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "nobody", "--", path] + arguments)
        } else {
            try Self.run(path, arguments)
        }
    }

    /// Runs `executable` to completion (from `/tmp`, which the server's user can enter), its output in a file.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid` rather than through Foundation's `Process`: `pg_ctl
    /// start` leaves the server running with the descriptors it inherited, and `Process` waits for those (its
    /// termination socket, an output pipe) to close — for as long as the server runs.
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let outputPath = "/tmp/vernier-pg-output-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ["/bin/sh", "-c", "cd /tmp && exec \"$@\"", "sh", executable] + arguments
        let cStrings = argv.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var pointers = cStrings + [nil]
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &pointers, environ)
        guard spawned == 0 else { throw ProcessError("cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally (low 7 bits zero) with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw ProcessError("\(executable) \(arguments.joined(separator: " ")) failed (wait status \(status)): \(text)")
        }
        return text
    }

    /// `pg_config --bindir` when it holds `initdb`, else the newest `/usr/lib/postgresql/*/bin`.
    static func findBinaries() -> URL? {
        let fileManager = FileManager.default
        func holdsServer(_ directory: String) -> Bool {
            fileManager.isExecutableFile(atPath: directory + "/initdb") && fileManager.isExecutableFile(atPath: directory + "/pg_ctl")
        }
        for candidate in ["/usr/bin/pg_config", "/usr/local/bin/pg_config"] where fileManager.isExecutableFile(atPath: candidate) {
            if let directory = try? run(candidate, ["--bindir"]).trimmingCharacters(in: .whitespacesAndNewlines),
               holdsServer(directory) {
                return URL(fileURLWithPath: directory)
            }
        }
        let versions = ((try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where holdsServer("/usr/lib/postgresql/\(version)/bin") {
            return URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin")
        }
        return nil
    }
}
