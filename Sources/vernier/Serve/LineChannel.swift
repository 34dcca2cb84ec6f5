#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines in from one file descriptor, lines out to another, through `read(2)` and `write(2)` with buffers of
/// its own: no `FileHandle`, no `print` locking, one system call per line each way in the steady state.
struct LineChannel {
    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8]
    /// Bytes of `buffer` holding data not yet handed out, `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var reachedEnd = false

    /// Standard input and output.
    init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
        self.buffer = Array(repeating: 0, count: 1 << 16)
    }

    /// Hands the next line (without its `\n`, and without a `\r` before it) to `body`; `nil` at the end of the
    /// input. A last line without a newline still counts.
    mutating func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        while true {
            if let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
                let lineStart = start
                start = newline + 1
                var lineEnd = newline
                if lineEnd > lineStart && buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[lineStart..<lineEnd])) }
            }
            if reachedEnd {
                guard start < end else { return nil }
                let (lineStart, lineEnd) = (start, end)
                start = end
                return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[lineStart..<lineEnd])) }
            }
            fill()
        }
    }

    /// Reads more input, first moving the unread bytes to the front and growing the buffer for a long line.
    private mutating func fill() {
        if start > 0 {
            let unread = end - start
            if unread > 0 {
                buffer.withUnsafeMutableBufferPointer { pointer in
                    guard let base = pointer.baseAddress else { return }
                    memmove(base, base + start, unread)
                }
            }
            start = 0
            end = unread
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
            guard let base = pointer.baseAddress else { return 0 }
            while true {
                let result = read(input, base + end, pointer.count - end)
                if result < 0 && errno == EINTR { continue }
                return result
            }
        }
        if count <= 0 { reachedEnd = true } else { end += count }
    }

    /// Writes `line` and a newline; `false` when the reader has gone (the pipe is closed).
    @discardableResult
    mutating func write(line: [UInt8]) -> Bool {
        var bytes = line
        bytes.append(UInt8(ascii: "\n"))
        return bytes.withUnsafeBufferPointer { pointer in
            guard let base = pointer.baseAddress else { return true }
            var written = 0
            while written < pointer.count {
                let result = Glibc.write(output, base + written, pointer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return true
        }
    }
}
