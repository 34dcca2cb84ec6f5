import Foundation

/// The eviction order of `dataset-crf` (``EvictionPolicy/datasetCRF``): cached files grouped by dataset, each
/// group a list from least to most recently requested, and a heap of the groups with cached files keyed by the
/// group's score log Σ exp(tⱼ / τ) (tⱼ the times, from the first request, at which the dataset's jobs started).
///
/// Scores only grow, and every group ages at the same rate, so comparing log Σ exp(tⱼ / τ) now orders the groups
/// as comparing the decayed sums Σ exp(−(t − tⱼ) / τ) would at any later time t: a group's key changes only
/// when it is requested (O(log d)), never because time passes.
///
/// Group indices: dataset `k` is group `2k`; a file `o` without a dataset is its own group `2o + 1`.
/// Storage is flat arrays grown by doubling, indexed by dense file and group indices.
struct DatasetGroups {
    private var fileGroup: [Int32] = []
    private var filePrevious: [Int32] = []
    private var fileFollowing: [Int32] = []
    private var groupHead: [Int32] = []
    private var groupTail: [Int32] = []
    /// log Σ exp(tⱼ / τ), −∞ before the group's first request.
    private var groupScore: [Double] = []
    /// Time of the group's last counted request (a job start), −∞ before the first.
    private var groupLastCounted: [Double] = []
    private var groupLastSequence: [UInt64] = []
    private var heap = IndexedMinHeap()
    private var origin: Double?
    private var sequence: UInt64 = 0

    /// Makes room for files `0..<count`.
    mutating func reserve(files count: Int) {
        guard fileGroup.count < count else { return }
        let extra = count - fileGroup.count
        fileGroup.append(contentsOf: repeatElement(-1, count: extra))
        filePrevious.append(contentsOf: repeatElement(-1, count: extra))
        fileFollowing.append(contentsOf: repeatElement(-1, count: extra))
    }

    private mutating func reserve(groups count: Int) {
        guard groupHead.count < count else { return }
        let grown = max(count, groupHead.count * 2, 1024)
        let extra = grown - groupHead.count
        groupHead.append(contentsOf: repeatElement(-1, count: extra))
        groupTail.append(contentsOf: repeatElement(-1, count: extra))
        groupScore.append(contentsOf: repeatElement(-.infinity, count: extra))
        groupLastCounted.append(contentsOf: repeatElement(-.infinity, count: extra))
        groupLastSequence.append(contentsOf: repeatElement(0, count: extra))
        heap.reserve(objects: grown)
    }

    /// Records a request for `object` (of `dataset`, or ``CacheRequest/noDataset``) at `time` (s): counts a job
    /// start when the dataset had no counted request in the last ``CachePolicy/jobGap`` s, and, when the file is
    /// `cached`, makes it its dataset's most recently requested file. `timescale` is τ in seconds (> 0).
    mutating func request(object: Int32, dataset: Int32, at time: Double, timescale: Double, cached: Bool) {
        let group = dataset >= 0 ? 2 * Int(dataset) : 2 * Int(object) + 1
        reserve(groups: group + 1)
        let start = origin ?? time
        if origin == nil { origin = time }
        if !(time - groupLastCounted[group] < CachePolicy.jobGap) {
            groupScore[group] = Self.logSumExp(groupScore[group], max(0, time - start) / timescale)
            groupLastCounted[group] = time
        }
        sequence &+= 1
        groupLastSequence[group] = sequence
        let o = Int(object)
        if cached {
            // Most recently requested within its dataset (and moved if the trace changed the file's dataset).
            remove(object)
            fileGroup[o] = Int32(group)
            insert(object)
        } else {
            fileGroup[o] = Int32(group)
            if heap.contains(Int32(group)) {
                heap.update(Int32(group), primary: Self.key(groupScore[group]), secondary: sequence)
            }
        }
    }

    /// Adds a file just stored (requested just before, through ``request(object:dataset:at:timescale:cached:)``).
    mutating func insert(_ object: Int32) {
        let o = Int(object)
        let group = Int(fileGroup[o])
        filePrevious[o] = groupTail[group]
        fileFollowing[o] = -1
        if groupTail[group] >= 0 { fileFollowing[Int(groupTail[group])] = object } else { groupHead[group] = object }
        groupTail[group] = object
        if heap.contains(Int32(group)) {
            heap.update(Int32(group), primary: Self.key(groupScore[group]), secondary: groupLastSequence[group])
        } else {
            heap.insert(Int32(group), primary: Self.key(groupScore[group]), secondary: groupLastSequence[group])
        }
    }

    /// The file to evict: the least recently requested file of the lowest-scored group; `nil` when empty.
    var victim: Int32? {
        guard let group = heap.minimum else { return nil }
        return groupHead[Int(group)]
    }

    /// Removes a cached file from its group (the group leaves the heap when it has no cached file left).
    mutating func remove(_ object: Int32) {
        let o = Int(object)
        let group = Int(fileGroup[o])
        let before = filePrevious[o], after = fileFollowing[o]
        if before >= 0 { fileFollowing[Int(before)] = after } else { groupHead[group] = after }
        if after >= 0 { filePrevious[Int(after)] = before } else { groupTail[group] = before }
        filePrevious[o] = -1
        fileFollowing[o] = -1
        if groupHead[group] < 0 { heap.remove(Int32(group)) }
    }

    /// log(eᵃ + eᵇ) without overflow; −∞ is the empty sum.
    static func logSumExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        let high = max(a, b), low = min(a, b)
        return high + log1p(exp(low - high))
    }

    /// A heap key that orders as the score (scores are ≥ 0: the bit patterns of non-negative doubles sort as
    /// the values).
    private static func key(_ score: Double) -> UInt64 { max(0, score).bitPattern }
}
