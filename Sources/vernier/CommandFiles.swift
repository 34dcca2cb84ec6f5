import ArgumentParser
import Foundation

/// Files named on the command line: read with a message that says which file and why, and paths made
/// absolute so that a run resumed from another directory finds them.
enum CommandFiles {
    /// `path` made absolute, so that a resumed run finds the file from any working directory.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The text of the file at `path`; `what` names it in the error ("tune configuration").
    ///
    /// - Throws: `ValidationError` (exit 64) when it cannot be read.
    static func read(_ path: String, what: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the \(what) '\(path)': \(error.localizedDescription)")
        }
    }
}
