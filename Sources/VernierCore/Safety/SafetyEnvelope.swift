/// The only way a host writes to a machine: hard limits, a maximum move per write, long moves split into
/// interpolated writes, a dry-run mode, and a restoring move when the run ends — COI leaves all of this to each
/// host; Vernier does it once, here.
///
/// Every optimiser and every policy talks to a plant through an envelope. The envelope tracks the point last
/// written (``currentPoint``), the starting point and the best feasible point, and ``finish(_:)`` moves the
/// machine to the configured restore target, however the run ended.
public struct SafetyEnvelope<Guarded: SingleOptimizable> {
    /// The plant behind the envelope.
    public private(set) var plant: Guarded
    /// The operator's limits.
    public let limits: SafetyLimits
    /// Where the machine was when the run started.
    public let initialPoint: [Double]
    /// The point last written (commanded), or the initial point before any write.
    public private(set) var currentPoint: [Double]
    /// The point the last ``evaluate(_:)`` admitted (after clipping to the hard limits): where it was measured,
    /// or in a dry run where it would have been.
    public private(set) var lastTarget: [Double]?
    /// The best feasible point evaluated so far and its evaluation.
    public private(set) var best: (parameters: [Double], evaluation: Evaluation)?
    /// Number of writes made (or, in a dry run, logged), interpolation and restore included.
    public private(set) var writeCount = 0
    /// Called with each write, before it is made; use it to log or to show a dry run.
    public var onWrite: ((WriteRecord) -> Void)?

    /// Places `plant`, currently at `initialPoint`, inside the envelope.
    ///
    /// - Throws: ``SafetyError/invalidLimits(_:)`` for unusable limits, ``SafetyError/startOutsideHardLimits``
    ///   when the machine already sits outside them.
    public init(plant: Guarded, limits: SafetyLimits, initialPoint: [Double]) throws(SafetyError) {
        let dimension = plant.optimizationSpace.count
        let problems = limits.problems(dimension: dimension)
        guard problems.isEmpty else { throw .invalidLimits(problems) }
        guard initialPoint.count == dimension else {
            throw .wrongDimension(expected: dimension, got: initialPoint.count)
        }
        for index in 0..<dimension {
            let (value, low, high) = (initialPoint[index], limits.hardLimits.low[index], limits.hardLimits.high[index])
            guard value >= low, value <= high else {
                throw .startOutsideHardLimits(
                    parameter: Self.name(index, of: plant), value: value, low: low, high: high)
            }
        }
        if limits.dryRun, !plant.canMeasureWithoutWriting {
            throw .dryRunUnavailable("\(plant.metadata.machine) cannot be measured without writing its settings")
        }
        self.plant = plant
        self.limits = limits
        self.initialPoint = initialPoint
        self.currentPoint = initialPoint
    }

    /// Moves the machine to `proposal` (split into steps no longer than the maximum) and measures there.
    ///
    /// A proposal outside the hard limits is clipped or refused per ``SafetyLimits/outOfBounds``; either way
    /// nothing outside the limits is written. In a dry run the moves are logged and the machine is only read.
    public mutating func evaluate(_ proposal: [Double]) throws -> Evaluation {
        let (target, wasClipped) = try admit(proposal)
        lastTarget = target
        try writePath(to: target, purpose: .target, wasClipped: wasClipped, finalWriteMeasures: true)
        let evaluation = try limits.dryRun ? plant.measure() : lastMeasurement.take()
        if evaluation.objective.isFinite, evaluation.isFeasible(under: plant.constraints),
           best.map({ evaluation.objective < $0.evaluation.objective }) ?? true {
            best = (target, evaluation)
        }
        return evaluation
    }

    /// Moves the machine to `proposal` without measuring (in steps, within the limits).
    public mutating func move(to proposal: [Double]) throws {
        let (target, wasClipped) = try admit(proposal)
        try writePath(to: target, purpose: .target, wasClipped: wasClipped, finalWriteMeasures: false)
    }

    /// Ends the run: moves the machine to the restore target for `outcome` and reports what happened.
    ///
    /// Never throws: a failed restore is reported, so the caller can tell the operator plainly.
    public mutating func finish(_ outcome: RunOutcome) -> RestoreReport {
        let target: RestoreTarget = outcome == .completed ? limits.onCompletion : limits.onAbort
        let point: [Double]
        switch target {
        case .initial: point = initialPoint
        case .best: point = best?.parameters ?? initialPoint
        case .last: return RestoreReport(target: target, point: currentPoint, restored: true, error: nil)
        }
        locateAfterFailedWrite()
        do {
            try writePath(to: point, purpose: .restore, wasClipped: false, finalWriteMeasures: false)
            return RestoreReport(target: target, point: point, restored: true, error: nil)
        } catch {
            return RestoreReport(target: target, point: point, restored: false, error: "\(error)")
        }
    }

    /// Runs `body` with the envelope and finishes it on every path: normal completion, a thrown error,
    /// or task cancellation (which is how Ctrl-C reaches a run; see ``InterruptMonitor``).
    ///
    /// - Returns: what `body` returned, and the restore report.
    /// - Throws: rethrows `body`'s error (after restoring), with the report in ``AbortedRun``.
    public mutating func run<Result>(
        _ body: (inout SafetyEnvelope<Guarded>) async throws -> Result
    ) async throws -> (result: Result, restore: RestoreReport) {
        let result: Result
        do {
            result = try await body(&self)
            try Task.checkCancellation()
        } catch {
            let outcome: RunOutcome = error is CancellationError ? .cancelled : .failed
            let report = finish(outcome)
            throw AbortedRun(underlying: error, outcome: outcome, restore: report)
        }
        return (result, finish(.completed))
    }

    // MARK: - Moves

    /// Holds the measurement the final write of a path produced, so it is not taken twice.
    private var lastMeasurement = PendingMeasurement()
    /// Whether a write (or the measurement after it) failed, so the machine may sit at the point last asked for
    /// rather than at ``currentPoint``.
    private var positionUncertain = false

    /// After a failed write, asks a plant that can read its position (``PositionReadback``) where the machine is,
    /// and takes that as the point the restoring path starts from; a plant that cannot, or a read that fails,
    /// leaves ``currentPoint`` as it was.
    private mutating func locateAfterFailedWrite() {
        guard positionUncertain, !limits.dryRun, var readable = plant as? any PositionReadback else { return }
        positionUncertain = false
        guard let here = try? readable.readPosition(), here.count == currentPoint.count,
              here.allSatisfy(\.isFinite) else { return }
        if let updated = readable as? Guarded { plant = updated }
        currentPoint = here
    }

    private func admit(_ proposal: [Double]) throws(SafetyError) -> ([Double], Bool) {
        let box = limits.hardLimits
        guard proposal.count == box.count else { throw .wrongDimension(expected: box.count, got: proposal.count) }
        var target = proposal
        var wasClipped = false
        for index in 0..<box.count {
            let value = proposal[index]
            guard value.isFinite else { throw .notFinite(parameter: Self.name(index, of: plant), value: value) }
            guard value < box.low[index] || value > box.high[index] else { continue }
            switch limits.outOfBounds {
            case .refuse:
                throw .outsideHardLimits(
                    parameter: Self.name(index, of: plant), value: value,
                    low: box.low[index], high: box.high[index])
            case .clip:
                target[index] = min(max(value, box.low[index]), box.high[index])
                wasClipped = true
            }
        }
        return (target, wasClipped)
    }

    /// The number of equal writes needed so that no parameter moves more than its maximum step in one.
    ///
    /// The count from the ratio alone can leave a rounded interpolated move an ulp above the maximum
    /// (0 → 0.3 in steps of 0.1 ends with a move of 0.10000000000000003); the count then grows until every
    /// move of the path, computed exactly as it will be written, is within the maximum.
    public static func stepCount(from start: [Double], to end: [Double], maxStep: [Double]?) -> Int {
        guard let maxStep else { return 1 }
        var count = 1
        for index in start.indices {
            let needed = (abs(end[index] - start[index]) / maxStep[index]).rounded(.up)
            count = max(count, Int(min(needed, 1e9)))
        }
        while count < 1_000_000_000, !pathRespects(maxStep, from: start, to: end, count: count) {
            count += 1
        }
        return count
    }

    /// The `step`-th of `count` points from `start` to `end` (the last is `end` exactly).
    static func interpolate(from start: [Double], to end: [Double], step: Int, count: Int, into point: inout [Double]) {
        guard step < count else {
            point = end
            return
        }
        let fraction = Double(step) / Double(count)
        for index in point.indices {
            point[index] = start[index] + (end[index] - start[index]) * fraction
        }
    }

    private static func pathRespects(_ maxStep: [Double], from start: [Double], to end: [Double], count: Int) -> Bool {
        var previous = start
        var point = start
        for step in 1...count {
            interpolate(from: start, to: end, step: step, count: count, into: &point)
            for index in point.indices where abs(point[index] - previous[index]) > maxStep[index] {
                return false
            }
            swap(&previous, &point)
        }
        return true
    }

    private mutating func writePath(
        to target: [Double], purpose: WriteRecord.Purpose, wasClipped: Bool, finalWriteMeasures: Bool
    ) throws {
        let start = currentPoint
        let count = Self.stepCount(from: start, to: target, maxStep: limits.maxStep)
        for step in 1...count {
            let isLast = step == count
            var point = target
            Self.interpolate(from: start, to: target, step: step, count: count, into: &point)
            let record = WriteRecord(
                parameters: point, purpose: isLast ? purpose : .interpolation,
                wasClipped: isLast && wasClipped, isDryRun: limits.dryRun)
            onWrite?(record)
            writeCount += 1
            if limits.dryRun { continue }
            do {
                if isLast && finalWriteMeasures {
                    lastMeasurement.store(try plant.evaluate(point))
                } else {
                    try plant.applySettings(point)
                }
            } catch {
                positionUncertain = true
                throw error
            }
            positionUncertain = false
            currentPoint = point
        }
    }

    private static func name(_ index: Int, of plant: Guarded) -> String {
        let names = plant.parameterNames
        return index < names.count ? names[index] : "parameter \(index)"
    }
}

/// A one-slot holder for the evaluation the last write of a path measured.
struct PendingMeasurement {
    private var evaluation: Evaluation?

    mutating func store(_ value: Evaluation) { evaluation = value }

    mutating func take() throws -> Evaluation {
        guard let value = evaluation else {
            throw SafetyError.dryRunUnavailable("no measurement was taken at the target")
        }
        evaluation = nil
        return value
    }
}
