import Testing
import VernierCore

@Suite struct ParallelSlicesTests {
    /// The slices of `0 ..< count` are contiguous, in order, cover it exactly, and differ in size by at most one.
    @Test func slicesCoverTheRangeEvenly() {
        for count in 0..<40 {
            for sliceCount in 1...9 {
                let slices = (0..<sliceCount).map { ParallelSlices.slice($0, of: count, into: sliceCount) }
                #expect(slices.first?.lowerBound == 0 && slices.last?.upperBound == count, "\(count) into \(sliceCount)")
                for (previous, next) in zip(slices, slices.dropFirst()) {
                    #expect(previous.upperBound == next.lowerBound, "\(count) into \(sliceCount)")
                }
                let sizes = slices.map(\.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "\(count) into \(sliceCount): \(sizes)")
            }
        }
        #expect(ParallelSlices.slice(0, of: 5, into: 4) == 0..<2)
        #expect(ParallelSlices.slice(3, of: 5, into: 4) == 4..<5)
    }

    /// `run` calls its body for every index exactly once, whatever the thread count, writing disjoint slots.
    @Test(arguments: [1, 2, 3, 4, 16])
    func runVisitsEveryIndexOnce(threads: Int) {
        for count in [0, 1, 2, 7, 100] {
            var visits = Array(repeating: 0, count: count)
            visits.withUnsafeMutableBufferPointer { buffer in
                let slots = DisjointSlots(buffer)
                ParallelSlices.run(count: slots.count, threads: threads) { range in
                    for index in range { slots[index] += index + 1 }
                }
            }
            #expect(visits == (0..<count).map { $0 + 1 }, "\(count) indices on \(threads) threads")
        }
    }
}
