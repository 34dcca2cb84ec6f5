import ArgumentParser
import VernierCore

/// Answers the requests of one `vernier serve` session: each request line in, one reply line out.
///
/// The plant runs exactly the code `vernier rollout`, `tune` and `train` run; this type only decodes requests,
/// calls the plant and writes what it returned. Replies are built in one reused buffer (``JSONLineWriter``).
/// The requests of each interface are answered in their own file: `ServeSession+Environment.swift` (reset, step
/// and their batches), `ServeSession+Optimization.swift` (evaluate, initial parameters, space),
/// `ServeSession+Describe.swift`.
struct ServeSession {
    /// The plant, and copy 0 of a batch: the single-plant requests drive it.
    var plant: ServedPlant
    /// Copies 1 … K − 1 of a batch (`--copies K`), each built from the same options.
    var others: [ServedPlant]
    /// The reply being written.
    var writer = JSONLineWriter()
    /// Whether a `close` request ended the session.
    private(set) var isClosed = false

    /// What `render` shows: the last reset or step of copy 0, copied into a buffer of the session's own (holding
    /// the plant's observation array would make its next step copy it).
    var lastObservation: [Double] = []
    var lastReward: Double?
    var lastEnd = (terminated: false, truncated: false)
    var stepsSinceReset = 0

    /// A session on `plant` and, for batched requests, `others` (copies 1 … K − 1).
    init(plant: ServedPlant, others: [ServedPlant] = []) {
        self.plant = plant
        self.others = others
    }

    /// Number of copies the batched requests drive.
    var copyCount: Int { 1 + others.count }

    /// Lends copy `index` to `body` in place (no copy of the plant's storage).
    mutating func withCopy<R>(_ index: Int, _ body: (inout ServedPlant) throws -> R) rethrows -> R {
        index == 0 ? try body(&plant) : try body(&others[index - 1])
    }

    /// The greeting the server writes before reading any request.
    mutating func greeting() -> [UInt8] {
        writer.reset()
        writer.beginObject()
        writer.member("protocol", ServeProtocol.name)
        writer.member("version", ServeProtocol.version)
        writer.member("id", plant.id)
        writer.member("copies", copyCount)
        writer.endObject()
        return writer.bytes
    }

    /// The reply to one request line (without its newline).
    mutating func reply(to line: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        writer.reset()
        do {
            let value: JSONLineValue
            do {
                value = try JSONLineParser.parse(line)
            } catch {
                throw ServeError.request("the request is \(error)")
            }
            try answer(try ServeRequest.decode(value))
        } catch {
            writer.reset()
            Self.writeError(error, into: &writer)
        }
        return writer.bytes
    }

    /// Writes `{"error": message, "kind": kind}` for `error`, with the message the command line would print.
    static func writeError(_ error: any Error, into writer: inout JSONLineWriter) {
        writer.beginObject()
        switch error {
        case let error as ServeError:
            writer.member("error", error.message)
            writer.member("kind", error.kind.rawValue)
        case let error as ValidationError:
            writer.member("error", error.message)
            writer.member("kind", "usage")
        default:
            writer.member("error", String(describing: error))
            writer.member("kind", ServeError.Kind.plant.rawValue)
        }
        writer.endObject()
    }

    /// Releases the plant and its copies.
    mutating func close() throws {
        try plant.close()
        for index in others.indices { try others[index].close() }
    }

    private mutating func answer(_ request: ServeRequest) throws {
        switch request {
        case .describe: try describe()
        case .reset(let seed, let options): try reset(seed: seed, options: options)
        case .step(let action): try step(action)
        case .resetBatch(let seeds, let options): try resetBatch(seeds: seeds, options: options)
        case .stepBatch(let actions, let autoreset): try stepBatch(actions, autoreset: autoreset)
        case .evaluate(let parameters, let context): try evaluate(parameters, context: context)
        case .initialParameters(let seed, let context): try initialParameters(seed: seed, context: context)
        case .optimizationSpace(let context): try optimizationSpace(context: context)
        case .render: render()
        case .configure(let arraysAsBase64): configure(arraysAsBase64: arraysAsBase64)
        case .close:
            isClosed = true
            writer.beginObject()
            writer.member("closed", true)
            writer.endObject()
        }
    }

    private mutating func configure(arraysAsBase64: Bool) {
        writer.beginObject()
        writer.member("arrays", arraysAsBase64 ? "base64" : "json")
        writer.endObject()
        writer.writesArraysAsBase64 = arraysAsBase64
    }

    private mutating func render() {
        writer.beginObject()
        writer.member("text", renderText())
        writer.endObject()
    }

    /// The `ansi` rendering: the last reset or step of copy 0, as `vernier rollout` prints it.
    private func renderText() -> String {
        guard plant.environmentSpaces != nil else { return "\(plant.id): \(plant.metadata.machine)" }
        if lastObservation.isEmpty { return "\(plant.id): not reset yet" }
        guard let reward = lastReward else { return "reset  observation \(Format.vector(lastObservation))" }
        let flags = (lastEnd.terminated ? " terminated" : "") + (lastEnd.truncated ? " truncated" : "")
        return "step \(stepsSinceReset)  observation \(Format.vector(lastObservation))  reward \(Format.number(reward))\(flags)"
    }

    /// Writes `"info": {...}` (or under `key`): `is_success` when the plant can tell, then its named values.
    mutating func write(info: StepInfo, key: String = "info") {
        writer.key(key)
        writer.beginObject()
        if let success = info.isSuccess { writer.member("is_success", success) }
        for name in info.values.keys.sorted() { writer.member(name, info.values[name] ?? .nan) }
        writer.endObject()
    }
}
