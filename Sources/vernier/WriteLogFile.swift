import ArgumentParser
import Foundation
import VernierModbus

/// `vernier device serve --write-log FILE`: every write request the device receives, one JSON object a line
/// (`{"request":12,"accepted":true,"settings":[0.25,0]}`), appended as it arrives so a crash loses at most the
/// line being written. Used only from the server's thread.
final class WriteLogFile: @unchecked Sendable {
    private let handle: FileHandle
    private let encoder: JSONEncoder

    /// Opens (creating or appending to) the file at `path`.
    ///
    /// - Throws: `ValidationError` when it cannot be opened.
    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ValidationError("cannot create --write-log '\(path)'")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot open --write-log '\(path)' for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
        encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.outputFormatting = [.sortedKeys]
    }

    func append(_ write: ReceivedWrite) {
        guard var line = try? encoder.encode(write) else { return }
        line.append(0x0A)
        handle.write(line)
    }

    func close() {
        try? handle.close()
    }
}
