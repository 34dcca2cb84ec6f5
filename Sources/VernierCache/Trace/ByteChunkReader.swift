import Foundation

/// Reads a file front to back in fixed-size chunks (1 MiB), so a trace of any length streams in constant memory.
final class ByteChunkReader {
    private let handle: FileHandle
    let path: String
    private(set) var buffer: [UInt8] = []
    /// Read position inside `buffer`.
    var position = 0
    private var atEnd = false
    static let chunkSize = 1 << 20

    init(path: String) throws(TraceError) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path)
                ? "permission denied" : "no such file")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// Bytes available from `position` to the end of the buffer.
    var available: Int { buffer.count - position }

    /// Refills so that at least `count` bytes are available, keeping the unread tail; `false` at end of file
    /// with fewer left.
    func ensure(_ count: Int) throws(TraceError) -> Bool {
        if available >= count { return true }
        while available < count && !atEnd {
            let data: Data?
            do { data = try handle.read(upToCount: Self.chunkSize) } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            guard let data, !data.isEmpty else { atEnd = true; break }
            buffer.append(contentsOf: data)
        }
        return available >= count
    }

    /// The file's size in bytes.
    func fileSize() -> Int64 {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil ?? 0
    }
}
