/// A fixed block of `Double`s owned by one object: the scratch memory of forward/backward passes and rollouts.
///
/// Allocated once, zero-filled, freed in `deinit`; hot loops work on ``pointer`` directly, so they pay for no
/// copy-on-write check, no bounds check and no allocation.
public final class ScratchBuffer {
    /// The first element.
    public let pointer: UnsafeMutablePointer<Double>
    /// Number of elements.
    public let count: Int

    /// `count` zeros (at least one element is allocated, so the pointer is always valid).
    public init(count: Int) {
        precondition(count >= 0, "a scratch buffer cannot have \(count) elements")
        self.count = count
        pointer = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(count, 1))
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    deinit {
        pointer.deallocate()
    }

    /// Element `index`.
    @inlinable
    public subscript(index: Int) -> Double {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }

    /// Sets every element to `value`.
    public func fill(_ value: Double) {
        pointer.update(repeating: value, count: count)
    }

    /// The elements as an array (allocates; for tests and reports).
    public var array: [Double] {
        Array(UnsafeBufferPointer(start: pointer, count: count))
    }
}
