/// A binary min-heap of object indices keyed by `(primary, secondary)`, with each object's position kept so a
/// key can change in O(log n): the eviction order of LFU, the size policies and Belady.
///
/// Storage is flat arrays indexed by the dense object index; nothing is allocated per operation once the
/// arrays have grown to the number of distinct objects.
struct IndexedMinHeap {
    private var heap: [Int32] = []
    /// Position in `heap` per object, −1 when absent.
    private var position: [Int32] = []
    private var primary: [UInt64] = []
    private var secondary: [UInt64] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// Makes room for objects `0..<count`.
    mutating func reserve(objects count: Int) {
        guard position.count < count else { return }
        let grown = max(count, position.count * 2)
        position.append(contentsOf: repeatElement(-1, count: grown - position.count))
        primary.append(contentsOf: repeatElement(0, count: grown - primary.count))
        secondary.append(contentsOf: repeatElement(0, count: grown - secondary.count))
    }

    func contains(_ object: Int32) -> Bool { position[Int(object)] >= 0 }

    /// The primary key of `object` (in the heap).
    func primaryKey(of object: Int32) -> UInt64 { primary[Int(object)] }

    /// The object with the smallest key.
    var minimum: Int32? { heap.first }

    mutating func insert(_ object: Int32, primary p: UInt64, secondary s: UInt64) {
        let o = Int(object)
        primary[o] = p
        secondary[o] = s
        heap.append(object)
        position[o] = Int32(heap.count - 1)
        siftUp(heap.count - 1)
    }

    mutating func update(_ object: Int32, primary p: UInt64, secondary s: UInt64) {
        let o = Int(object)
        let increased = (p, s) > (primary[o], secondary[o])
        primary[o] = p
        secondary[o] = s
        let at = Int(position[o])
        if increased { siftDown(at) } else { siftUp(at) }
    }

    mutating func remove(_ object: Int32) {
        let at = Int(position[Int(object)])
        let last = heap.count - 1
        if at != last {
            swapAt(at, last)
        }
        heap.removeLast()
        position[Int(object)] = -1
        if at < heap.count {
            siftDown(at)
            siftUp(at)
        }
    }

    @inline(__always)
    private func less(_ a: Int32, _ b: Int32) -> Bool {
        let pa = primary[Int(a)], pb = primary[Int(b)]
        return pa < pb || (pa == pb && secondary[Int(a)] < secondary[Int(b)])
    }

    private mutating func swapAt(_ i: Int, _ j: Int) {
        heap.swapAt(i, j)
        position[Int(heap[i])] = Int32(i)
        position[Int(heap[j])] = Int32(j)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let n = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < n else { return }
            var smallest = left
            if left + 1 < n && less(heap[left + 1], heap[left]) { smallest = left + 1 }
            guard less(heap[smallest], heap[parent]) else { return }
            swapAt(smallest, parent)
            parent = smallest
        }
    }
}
