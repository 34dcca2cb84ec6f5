/// Adds next-access times to a trace that lacks them, from a first full pass over the same trace.
///
/// The first pass records each request's object index; a backward sweep turns them into next-access
/// positions (64-bit, for traces past 2³¹ requests).
public struct NextAccessAnnotator: TraceSource {
    private var base: any TraceSource
    private var nextAccess: [Int64]
    private var position = 0

    /// - Parameters:
    ///   - first: the trace, read to its end here.
    ///   - second: the same trace from its start, annotated as it is read.
    public init(first: any TraceSource, second: any TraceSource) throws {
        var reader = first
        var objects: [Int32] = []
        while let request = try reader.next() { objects.append(request.object) }
        var upcoming = [Int64](repeating: CacheRequest.neverAgain, count: reader.objectCount)
        var next = [Int64](repeating: CacheRequest.neverAgain, count: objects.count)
        for index in objects.indices.reversed() {
            let object = Int(objects[index])
            next[index] = upcoming[object]
            upcoming[object] = Int64(index)
        }
        nextAccess = next
        base = second
    }

    public var objectCount: Int { base.objectCount }
    public var diagnostics: TraceDiagnostics { base.diagnostics }
    public var providesNextAccess: Bool { true }

    public mutating func next() throws -> CacheRequest? {
        guard var request = try base.next() else { return nil }
        request.nextAccess = position < nextAccess.count ? nextAccess[position] : CacheRequest.neverAgain
        position += 1
        return request
    }

    /// Next-access times of an in-memory trace (tests, trace splits).
    public static func annotate(_ requests: [CacheRequest]) -> [CacheRequest] {
        var annotated = requests
        var upcoming: [Int32: Int64] = [:]
        for index in annotated.indices.reversed() {
            let object = annotated[index].object
            annotated[index].nextAccess = upcoming[object] ?? CacheRequest.neverAgain
            upcoming[object] = Int64(index)
        }
        return annotated
    }
}
