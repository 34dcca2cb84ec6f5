import Foundation

/// Where the run store lives, resolved in one place for every command.
///
/// In order of precedence:
/// 1. the `--store PATH` option;
/// 2. the `VERNIER_STORE` environment variable (when set and not empty);
/// 3. `$XDG_DATA_HOME/vernier/runs.sqlite` when `XDG_DATA_HOME` is an absolute path (the XDG Base Directory
///    specification ignores relative ones);
/// 4. `~/.local/share/vernier/runs.sqlite`.
///
/// A `postgresql://` (or `postgres://`) URL names a store on a PostgreSQL server, taken as given
/// (``isServer``); it is shown everywhere without its password (``displayName``).
///
/// A leading `~` is expanded and relative paths are taken from the current directory. Only the default
/// directory (3, 4) is created when missing: a path the user chose that names a missing directory is more
/// likely a typo than a wish, so it is reported instead.
public struct RunStoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// Where the path came from.
    public enum Source: String, Sendable, Hashable {
        /// The `--store` option.
        case option
        /// The `VERNIER_STORE` environment variable.
        case environment
        /// The user's data directory (XDG).
        case userDataDirectory
    }

    /// The environment variable that overrides the default location.
    public static let environmentVariable = "VERNIER_STORE"
    /// The store's file name in the default directory.
    public static let defaultFileName = "runs.sqlite"

    /// The absolute path of the store file, or the server's URL as given (password included: never print it,
    /// print ``displayName``).
    public let path: String
    /// Where the path came from.
    public let source: Source

    public init(path: String, source: Source) {
        self.path = path
        self.source = source
    }

    /// The location selected by `option` (the `--store` value), else by `environment`.
    ///
    /// - Parameters:
    ///   - option: The `--store` value, or `nil` when the option was not given.
    ///   - environment: The process environment (injectable for tests).
    ///   - currentDirectory: The directory relative paths start from.
    /// - Throws: ``RunStoreError/emptyPath`` when `option` is the empty string.
    public static func resolve(
        option: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> RunStoreLocation {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        if let option {
            guard !option.isEmpty else { throw RunStoreError.emptyPath }
            if isServerURL(option) { return RunStoreLocation(path: option, source: .option) }
            return RunStoreLocation(path: absolute(option, home: home, from: currentDirectory), source: .option)
        }
        if let variable = environment[environmentVariable], !variable.isEmpty {
            if isServerURL(variable) { return RunStoreLocation(path: variable, source: .environment) }
            return RunStoreLocation(path: absolute(variable, home: home, from: currentDirectory), source: .environment)
        }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = (home as NSString).appendingPathComponent(".local/share")
        }
        let path = ((dataHome as NSString).appendingPathComponent("vernier") as NSString)
            .appendingPathComponent(defaultFileName)
        return RunStoreLocation(path: standardized(path), source: .userDataDirectory)
    }

    /// The directory holding the store file.
    public var directory: String { (path as NSString).deletingLastPathComponent }

    /// Whether a file exists at the path (always true for a server: whether its database holds a store is only
    /// known once connected).
    public var exists: Bool { isServer || FileManager.default.fileExists(atPath: path) }

    /// Whether the store is on a PostgreSQL server (the path is a `postgresql://` or `postgres://` URL).
    public var isServer: Bool { Self.isServerURL(path) }

    /// The path, or the server's URL without its password: what messages and listings show.
    public var displayName: String { Self.redacted(path) }

    /// `path (from --store)`, `path (from VERNIER_STORE)` or just the path for the default; a URL without its
    /// password.
    public var description: String {
        switch source {
        case .option: return "\(displayName) (from --store)"
        case .environment: return "\(displayName) (from \(Self.environmentVariable))"
        case .userDataDirectory: return displayName
        }
    }

    /// Whether `text` is a PostgreSQL URL (`postgresql://…` or `postgres://…`, any case).
    public static func isServerURL(_ text: String) -> Bool {
        let lowered = text.prefix(13).lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://")
    }

    /// `text` with any password removed: the `:password` of the URL's user part and any `password=` query
    /// parameter. Anything that is not a server URL is returned unchanged.
    public static func redacted(_ text: String) -> String {
        guard isServerURL(text), let schemeEnd = text.range(of: "://") else { return text }
        var rest = String(text[schemeEnd.upperBound...])
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = String(rest[..<mark])
        }
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = String(rest[..<pathStart])
        let path = String(rest[pathStart...])
        if let at = authority.lastIndex(of: "@") {
            let user = authority[..<at]
            let hosts = authority[authority.index(after: at)...]
            authority = (user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "") + "@" + hosts
        }
        let kept = query.split(separator: "&").filter { !$0.lowercased().hasPrefix("password=") }
        return String(text[..<schemeEnd.upperBound]) + authority + path
            + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// Makes sure a store can be created or opened at the path: creates the default directory when it is
    /// missing, and otherwise reports a missing, unwritable or non-directory parent, or a path that is a
    /// directory.
    public func prepare() throws {
        if isServer { return }
        if source == .userDataDirectory && !FileManager.default.fileExists(atPath: directory) {
            // When this fails (a file in the way, no permission), the checks below say why.
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try Self.checkOpenable(path)
    }

    /// The checks of ``prepare()`` that need no side effect, for any path.
    static func checkOpenable(_ path: String) throws {
        let fileManager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw RunStoreError.pathIsADirectory(path: path) }
            if !fileManager.isWritableFile(atPath: path) { throw RunStoreError.fileNotWritable(path: path) }
        }
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw RunStoreError.directoryMissing(path: path, directory: directory)
        }
        guard isDirectory.boolValue else { throw RunStoreError.notADirectory(path: path, directory: directory) }
        guard fileManager.isWritableFile(atPath: directory) else {
            throw RunStoreError.directoryNotWritable(path: path, directory: directory)
        }
    }

    private static func absolute(_ path: String, home: String, from currentDirectory: String) -> String {
        var expanded = path
        if expanded == "~" {
            expanded = home
        } else if expanded.hasPrefix("~/") {
            expanded = (home as NSString).appendingPathComponent(String(expanded.dropFirst(2)))
        }
        if !expanded.hasPrefix("/") {
            expanded = (currentDirectory as NSString).appendingPathComponent(expanded)
        }
        return standardized(expanded)
    }

    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
