import ArgumentParser
import Foundation

/// The export directory: refused when it exists, is not empty and is not an earlier export (unless `--force`);
/// written in a sibling temporary directory and renamed into place at the end, so a failure leaves nothing
/// half-written.
struct ExportDirectory {
    /// The marker file every export holds.
    static let manifestName = "vernier-export.json"

    let destination: URL
    let staging: URL

    init(path: String, force: Bool) throws {
        destination = URL(fileURLWithPath: path).standardizedFileURL
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ValidationError("--out \(path) is a file, not a directory; choose another path")
            }
            let contents = (try? manager.contentsOfDirectory(atPath: destination.path)) ?? []
            if !contents.isEmpty && !contents.contains(Self.manifestName) && !force {
                throw ValidationError("--out \(path) exists and is not an earlier export (no \(Self.manifestName)); choose an empty or new directory, or pass --force to replace it")
            }
        }
        let parent = destination.deletingLastPathComponent()
        guard manager.fileExists(atPath: parent.path) else {
            throw ValidationError("--out \(path): the parent directory \(parent.path) does not exist")
        }
        staging = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString)")
        try manager.createDirectory(at: staging, withIntermediateDirectories: false)
    }

    /// Writes a file under the staging directory.
    func write(_ text: String, to relativePath: String) throws {
        let url = staging.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    /// Replaces the destination with the staging directory.
    func commit() throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
        try manager.moveItem(at: staging, to: destination)
    }

    /// Removes the staging directory (after a failure).
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
