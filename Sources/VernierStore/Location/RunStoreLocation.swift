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

    /// The absolute path of the store file.
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
            return RunStoreLocation(path: absolute(option, home: home, from: currentDirectory), source: .option)
        }
        if let variable = environment[environmentVariable], !variable.isEmpty {
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

    /// Whether a file exists at the path.
    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// `path (from --store)`, `path (from VERNIER_STORE)` or just the path for the default.
    public var description: String {
        switch source {
        case .option: return "\(path) (from --store)"
        case .environment: return "\(path) (from \(Self.environmentVariable))"
        case .userDataDirectory: return path
        }
    }

    /// Makes sure a store can be created or opened at the path: creates the default directory when it is
    /// missing, and otherwise reports a missing, unwritable or non-directory parent, or a path that is a
    /// directory.
    public func prepare() throws {
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
