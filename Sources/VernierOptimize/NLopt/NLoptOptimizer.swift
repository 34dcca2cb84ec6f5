import CNLopt
import Foundation
import VernierCore

/// An NLopt method (BOBYQA, COBYLA, NEWUOA, Sbplx, PRAXIS) as an ask/tell optimiser.
///
/// NLopt calls the objective; Vernier asks for points. The method runs on a thread of its own
/// (``NLoptThread``): each objective call it makes is one ``suggest(_:)``, and the matching ``ingest(_:)``
/// answers it. The `Codable` state is the settings and the evaluations so far — not NLopt's internals: a decoded
/// optimiser **replays** them, re-running the deterministic method against the recorded values until it asks
/// for a new point, so a resumed run continues bit for bit as the uninterrupted one would.
///
/// Operator semantics: it starts at the problem's initial point (the machine's current setting; the box centre
/// without one), takes first steps of ``NLoptOptions/initialStep`` (ρ_beg, physical units), converges when its
/// steps fall below ``NLoptOptions/minimumStep`` (ρ_end), and never suggests a point outside the problem's box.
/// COBYLA honours the problem's constraints; the others refuse a constrained problem unless told to ignore them.
///
/// Every evaluation ingested answers the method's next request, whether or not it was suggested (a host
/// re-telling evaluations recorded after its last checkpoint continues the run), with the value measured at the
/// point actually set — the requested one unless the safety envelope clipped it.
public struct NLoptOptimizer: Optimizer {
    public var displayName: String { method.displayName }
    public var capabilities: OptimizerCapabilities { method.capabilities }

    /// The NLopt method.
    public let method: NLoptMethod
    public let problem: OptimizationProblem
    public let options: NLoptOptions
    /// Seeds NLopt's generator (PRAXIS's random directions); the other methods are deterministic.
    public let seed: UInt64
    public private(set) var progress = OptimizationProgress()
    /// Every evaluation ingested, in order: with the settings, the whole state.
    public private(set) var evaluations: [EvaluatedPoint] = []
    /// The running method, rebuilt by replay when missing (after decoding) or out of step (a copy moved on).
    private(set) var live: LiveRun?

    /// An NLopt run of `method` on `problem`.
    ///
    /// - Parameter ignoreConstraints: run a method other than COBYLA on a constrained problem, optimising the
    ///   objective alone (the best point reported is still the best *feasible* one).
    /// - Throws: ``OptimizerError`` for an unusable problem or options, a dimension the method cannot handle, or
    ///   constraints without `ignoreConstraints`.
    public init(
        method: NLoptMethod, problem: OptimizationProblem, options: NLoptOptions = NLoptOptions(),
        ignoreConstraints: Bool = false, seed: UInt64 = 0
    ) throws(OptimizerError) {
        try Self.admit(problem, name: method.displayName, capabilities: method.capabilities,
                       ignoreConstraints: ignoreConstraints)
        var problems = options.problems(space: problem.space, names: problem.parameterNames)
        if problem.dimension < method.minimumDimension {
            problems.append("\(method.displayName) needs at least \(method.minimumDimension) parameters; use cobyla or sbplx for one")
        }
        guard problems.isEmpty else { throw .invalidOptions(problems) }
        self.method = method
        self.problem = problem
        self.options = options
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case method, problem, options, seed, progress, evaluations
    }

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        let run = synchronised()
        restartIfFinished(run)
        if case .finished = run.state, !options.restartAfterConvergence {
            return [restartPoint()]
        }
        guard case .asking(let point) = run.state else {
            throw OptimizerError.invalidProblem(["\(displayName) stopped: \(run.stateDescription)"])
        }
        // NLopt keeps its points inside the bounds; clipping only guards against rounding.
        return [problem.space.clip(point)]
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations {
            let run = synchronised()
            restartIfFinished(run)
            progress.record(point, constraints: problem.constraints)
            self.evaluations.append(point)
            run.tell(point)
            if case .finished(let code) = run.state {
                progress.convergence = Self.convergenceText(code: code, method: method)
            }
        }
    }

    // MARK: - Replay

    /// After convergence (with restarts on), a fresh run from the best point; the same rule in replay.
    private mutating func restartIfFinished(_ run: LiveRun) {
        guard case .finished = run.state, options.restartAfterConvergence else { return }
        progress.convergence = nil
        run.restart(from: restartPoint(), settings: settings(start:))
    }

    /// Where the method starts: the machine's current point, or the box centre.
    private var start: [Double] {
        problem.initialPoint ?? zip(problem.space.low, problem.space.high).map { ($0 + $1) / 2 }
    }

    /// The best feasible point so far (where a restart begins), else the start.
    private func restartPoint() -> [Double] {
        problem.space.clip(progress.best?.parameters ?? start)
    }

    /// The settings of one `nlopt_optimize` call starting at `start`.
    private func settings(start: [Double]) -> NLoptThread.Settings {
        var bounds: [NLoptThread.ConstraintBound] = []
        if method.capabilities.handlesConstraints {
            for (index, constraint) in problem.constraints.enumerated() {
                if constraint.upperBound.isFinite {
                    bounds.append(.init(index: index, bound: constraint.upperBound, isUpper: true))
                }
                if constraint.lowerBound.isFinite {
                    bounds.append(.init(index: index, bound: constraint.lowerBound, isUpper: false))
                }
            }
        }
        return NLoptThread.Settings(
            method: method, low: problem.space.low, high: problem.space.high, start: start,
            initialStep: options.initialSteps(for: problem.space), minimumStep: options.minimumSteps(for: problem.space),
            constraints: bounds, seed: seed)
    }

    /// The live run, in step with ``evaluations``: kept when it has told exactly these evaluations, else
    /// rebuilt by replaying them (a decoded optimiser, or a copy whose twin moved on).
    private mutating func synchronised() -> LiveRun {
        if let live, live.isInStep(with: evaluations) { return live }
        let run = LiveRun(settings: settings(start: start))
        var replayed = OptimizationProgress()
        for point in evaluations {
            if case .finished = run.state, options.restartAfterConvergence {
                run.restart(from: problem.space.clip(replayed.best?.parameters ?? start), settings: settings(start:))
            }
            replayed.record(point, constraints: problem.constraints)
            run.tell(point)
        }
        live = run
        return run
    }

    static func convergenceText(code: Int32, method: NLoptMethod) -> String {
        switch code {
        case NLOPT_XTOL_REACHED.rawValue: "\(method.displayName): steps below rhoend"
        case NLOPT_FTOL_REACHED.rawValue: "\(method.displayName): objective change below tolerance"
        case NLOPT_SUCCESS.rawValue, NLOPT_STOPVAL_REACHED.rawValue: "\(method.displayName): converged"
        case NLOPT_ROUNDOFF_LIMITED.rawValue: "\(method.displayName): limited by round-off (no further progress possible)"
        default: "\(method.displayName) stopped: \(String(cString: nlopt_result_to_string(nlopt_result(code))))"
        }
    }
}

extension NLoptOptimizer {
    /// The NLopt thread of the current run and what it is doing; a reference shared by copies of the
    /// optimiser, which is why ``NLoptOptimizer/synchronised()`` checks it is in step before use.
    final class LiveRun: @unchecked Sendable {
        enum State: Equatable {
            case asking([Double])
            case finished(Int32)
        }

        private let lock = NSLock()
        private var thread: NLoptThread
        private(set) var state: State
        /// How many evaluations this run (and the runs before its restarts) has been told, and the last one.
        private var told = 0
        private var lastTold: EvaluatedPoint?

        init(settings: NLoptThread.Settings) {
            thread = NLoptThread(settings: settings)
            state = Self.state(of: thread.next())
        }

        /// The optimiser (and every copy) let go of the run: stop NLopt and join its thread.
        deinit { thread.cancel() }

        private static func state(of event: NLoptThread.Event) -> State {
            switch event {
            case .evaluate(let point): .asking(point)
            case .finished(let code): .finished(code)
            }
        }

        func isInStep(with evaluations: [EvaluatedPoint]) -> Bool {
            lock.withLock { told == evaluations.count && lastTold == evaluations.last }
        }

        /// Answers the outstanding request with `point`'s values (or only counts it when the run has finished)
        /// and waits for NLopt's next move.
        func tell(_ point: EvaluatedPoint) {
            lock.withLock {
                told += 1
                lastTold = point
                guard case .asking = state else { return }
                thread.answer(objective: point.objective, constraints: point.evaluation.constraints)
                state = Self.state(of: thread.next())
            }
        }

        /// A fresh `nlopt_optimize` from `point` (the previous one has finished).
        func restart(from point: [Double], settings: ([Double]) -> NLoptThread.Settings) {
            lock.withLock {
                thread.cancel()
                thread = NLoptThread(settings: settings(point))
                state = Self.state(of: thread.next())
            }
        }

        var stateDescription: String {
            switch state {
            case .asking: "waiting for a value"
            case .finished(let code): String(cString: nlopt_result_to_string(nlopt_result(code)))
            }
        }

        /// The current NLopt thread (for tests: it must be gone once the run is dropped).
        var currentThread: NLoptThread { lock.withLock { thread } }
    }
}
