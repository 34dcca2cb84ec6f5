/// What a scan wrote to the machine, write by write (the envelopes' `onWrite`): the evidence that no write left
/// the bounds or moved further than `max_step`.
final class WriteTally: @unchecked Sendable {
    private(set) var count = 0
    private(set) var largestMove: [Double]
    private(set) var lowest: [Double]
    private(set) var highest: [Double]
    private var last: [Double]

    init(start: [Double]) {
        last = start
        largestMove = Array(repeating: 0, count: start.count)
        lowest = start
        highest = start
    }

    func add(_ point: [Double]) {
        count += 1
        for index in point.indices where index < last.count {
            largestMove[index] = max(largestMove[index], abs(point[index] - last[index]))
            lowest[index] = min(lowest[index], point[index])
            highest[index] = max(highest[index], point[index])
        }
        last = point
    }
}
