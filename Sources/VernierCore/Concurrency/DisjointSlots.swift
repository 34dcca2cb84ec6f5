/// A window on contiguous memory that several threads may use at once, each on **its own** elements: the
/// per-copy slots of a vector environment, the per-policy simulators of a cache study.
///
/// `@unchecked Sendable` because the compiler cannot see the invariant that makes it safe, so every user must keep
/// it: during one parallel call, element `i` is read and written by exactly one thread (the one whose slice of
/// ``ParallelSlices/run(count:threads:_:)`` holds `i`), and nobody touches the memory from elsewhere until the call
/// has returned (`DispatchQueue.concurrentPerform` returns after every slice, which orders all their writes before
/// the caller's next read). The elements themselves must not share mutable state with one another.
public struct DisjointSlots<Element>: @unchecked Sendable {
    /// The memory.
    public let buffer: UnsafeMutableBufferPointer<Element>
    /// Number of elements.
    public var count: Int { buffer.count }

    /// Wraps `buffer`, which must outlive every use of the slots (use it inside `withUnsafeMutableBufferPointer`).
    public init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        self.buffer = buffer
    }

    /// Element `index` (`0 ..< count`), for the one thread that owns it.
    public subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < buffer.count, "slot \(index) outside 0..<\(buffer.count)")
            return buffer[index]
        }
        nonmutating _modify {
            precondition(index >= 0 && index < buffer.count, "slot \(index) outside 0..<\(buffer.count)")
            yield &buffer[index]
        }
    }
}
