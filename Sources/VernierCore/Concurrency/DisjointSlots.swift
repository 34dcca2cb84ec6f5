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
    ///
    /// Addressors rather than a `_modify` coroutine: a generic coroutine's frame may be allocated on the heap in
    /// an unoptimised build, and a vector environment's step must allocate nothing.
    public subscript(index: Int) -> Element {
        unsafeAddress { UnsafePointer(address(of: index)) }
        nonmutating unsafeMutableAddress { address(of: index) }
    }

    /// Where element `index` lives; stops the program for an index outside `0 ..< count`.
    private func address(of index: Int) -> UnsafeMutablePointer<Element> {
        guard index >= 0, index < buffer.count, let base = buffer.baseAddress else {
            preconditionFailure("slot \(index) outside 0..<\(buffer.count)")
        }
        return base + index
    }
}
