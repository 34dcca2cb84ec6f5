import CNLopt
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `nlopt_optimize` call running on a thread of its own, turned inside out: each objective call NLopt makes
/// becomes a request the host reads with ``next()`` and answers with ``answer(objective:constraints:)``.
///
/// NLopt calls the objective and waits for its value; Vernier's optimisers are asked for points and told values
/// later. The hand-off is a mutex and a condition variable: the NLopt thread publishes the point and sleeps until
/// the host answers; the host sleeps until NLopt publishes the next point or returns. Neither side spins.
///
/// ``cancel()`` (also run by `deinit`) sets a flag and wakes the thread: its objective returns at once after
/// `nlopt_force_stop`, so `nlopt_optimize` returns `NLOPT_FORCED_STOP`, and the thread is joined — no thread
/// outlives its `NLoptThread`.
final class NLoptThread: @unchecked Sendable {
    /// What NLopt is doing, as seen by the host.
    enum Event: Sendable, Equatable {
        /// NLopt waits for the objective (and constraint values) at this point, physical units.
        case evaluate([Double])
        /// `nlopt_optimize` returned this result (≥ 1 success, < 0 failure, `NLOPT_FORCED_STOP` on cancel).
        case finished(Int32)
    }

    /// Everything one `nlopt_optimize` call needs.
    struct Settings: Sendable {
        var method: NLoptMethod
        var low: [Double]
        var high: [Double]
        var start: [Double]
        /// NLopt's initial step (`nlopt_set_initial_step`): BOBYQA's and COBYLA's ρ_beg per parameter.
        var initialStep: [Double]
        /// NLopt's `xtol_abs` per parameter: BOBYQA's and COBYLA's ρ_end, the other methods' step tolerance.
        var minimumStep: [Double]
        /// Inequality constraints handed to NLopt (COBYLA only): each Vernier constraint becomes one `g(x) ≤ 0`
        /// per finite bound.
        var constraints: [ConstraintBound]
        /// Seeds NLopt's (thread-local) generator on this thread: only PRAXIS draws random numbers.
        var seed: UInt64
    }

    /// One side of a Vernier constraint as NLopt's `g(x) ≤ 0`.
    struct ConstraintBound: Sendable, Hashable {
        /// Index of the constraint value in the evaluation.
        var index: Int
        /// The bound, constraint units.
        var bound: Double
        /// `true`: value ≤ bound (g = value − bound); `false`: value ≥ bound (g = bound − value).
        var isUpper: Bool
    }

    private let channel: Channel
    private var thread: pthread_t
    private var joined = false

    /// Starts `nlopt_optimize` with `settings` on a new thread; it runs until it asks for its first point.
    init(settings: Settings) {
        channel = Channel(settings: settings)
        thread = pthread_t()
        let retained = Unmanaged.passRetained(channel).toOpaque()
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            // The thread owns one reference to the channel for as long as it runs.
            let channel = Unmanaged<Channel>.fromOpaque(raw).takeRetainedValue()
            channel.optimize()
            return nil
        }, retained)
        if created != 0 {
            Unmanaged<Channel>.fromOpaque(retained).release()
            channel.fail(code: NLOPT_FAILURE.rawValue)
            joined = true
        }
    }

    deinit { cancel() }

    /// The next thing NLopt does: ask for a point, or return. Blocks until it has done one of them.
    func next() -> Event { channel.next() }

    /// Answers the outstanding request. Constraint values are in the problem's order.
    func answer(objective: Double, constraints: [Double]) {
        channel.answer(objective: objective, constraints: constraints)
    }

    /// Stops NLopt and joins its thread; idempotent.
    func cancel() {
        guard !joined else { return }
        channel.cancel()
        pthread_join(thread, nil)
        joined = true
    }

    /// Whether the NLopt thread has returned from `nlopt_optimize` and released its state (for tests).
    var threadHasExited: Bool { channel.hasExited }
}

extension NLoptThread {
    /// The state both threads share, guarded by one mutex; the NLopt callbacks reach it through `f_data`.
    final class Channel: @unchecked Sendable {
        let settings: Settings
        private let mutex: UnsafeMutablePointer<pthread_mutex_t>
        private let condition: UnsafeMutablePointer<pthread_cond_t>
        // Guarded by `mutex`.
        private var request: [Double]?
        private var reply: (objective: Double, constraints: [Double])?
        private var result: Int32?
        private var cancelled = false
        private var exited = false
        // Only touched on the NLopt thread.
        private var optimizer: nlopt_opt?
        private var lastConstraints: [Double] = []
        /// The largest finite objective answered so far (what a failed measurement or a cancel reads as).
        private var worstFinite: Double?

        init(settings: Settings) {
            self.settings = settings
            mutex = .allocate(capacity: 1)
            condition = .allocate(capacity: 1)
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(condition, nil)
        }

        deinit {
            pthread_cond_destroy(condition)
            pthread_mutex_destroy(mutex)
            condition.deallocate()
            mutex.deallocate()
        }

        private func locked<T>(_ body: () -> T) -> T {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return body()
        }

        // MARK: Host side

        func next() -> Event {
            locked {
                // Wait for a request not yet answered, or for the end (an answered request is still published
                // until the NLopt thread wakes up and takes the reply).
                while (request == nil || reply != nil) && result == nil { pthread_cond_wait(condition, mutex) }
                if let request, reply == nil { return .evaluate(request) }
                return .finished(result ?? NLOPT_FAILURE.rawValue)
            }
        }

        func answer(objective: Double, constraints: [Double]) {
            locked {
                guard request != nil, reply == nil else { return }
                reply = (objective, constraints)
                pthread_cond_broadcast(condition)
            }
        }

        func cancel() {
            locked {
                cancelled = true
                pthread_cond_broadcast(condition)
            }
        }

        func fail(code: Int32) {
            locked {
                result = code
                exited = true
                pthread_cond_broadcast(condition)
            }
        }

        var hasExited: Bool { locked { exited } }

        // MARK: NLopt thread

        /// Runs `nlopt_optimize` to the end, then publishes its result.
        func optimize() {
            let code = run()
            locked {
                request = nil
                result = code
                exited = true
                pthread_cond_broadcast(condition)
            }
        }

        private func run() -> Int32 {
            let n = UInt32(settings.start.count)
            nlopt_srand(UInt(truncatingIfNeeded: settings.seed))
            guard let opt = nlopt_create(settings.method.algorithm, n) else { return NLOPT_OUT_OF_MEMORY.rawValue }
            optimizer = opt
            defer {
                nlopt_destroy(opt)
                optimizer = nil
            }
            let data = Unmanaged.passUnretained(self).toOpaque()
            var setup = [
                nlopt_set_lower_bounds(opt, settings.low),
                nlopt_set_upper_bounds(opt, settings.high),
                nlopt_set_min_objective(opt, { n, x, _, data in
                    guard let x, let data else { return Double.infinity }
                    let point = Array(UnsafeBufferPointer(start: x, count: Int(n)))
                    return Unmanaged<Channel>.fromOpaque(data).takeUnretainedValue().objective(at: point)
                }, data),
                nlopt_set_initial_step(opt, settings.initialStep),
                nlopt_set_xtol_abs(opt, settings.minimumStep),
            ]
            if !settings.constraints.isEmpty {
                let tolerances = [Double](repeating: 0, count: settings.constraints.count)
                setup.append(nlopt_add_inequality_mconstraint(
                    opt, UInt32(settings.constraints.count), { m, result, _, _, _, data in
                        guard let result, let data else { return }
                        let channel = Unmanaged<Channel>.fromOpaque(data).takeUnretainedValue()
                        channel.constraintValues(into: UnsafeMutableBufferPointer(start: result, count: Int(m)))
                    }, data, tolerances))
            }
            if let failure = setup.first(where: { $0.rawValue < 0 }) { return failure.rawValue }
            var x = settings.start
            var minimum = 0.0
            return nlopt_optimize(opt, &x, &minimum).rawValue
        }

        /// NLopt's objective: publish the point, sleep until the host answers (or cancels).
        private func objective(at point: [Double]) -> Double {
            let answer: (objective: Double, constraints: [Double])? = locked {
                guard !cancelled else { return nil }
                request = point
                reply = nil
                pthread_cond_broadcast(condition)
                while reply == nil && !cancelled { pthread_cond_wait(condition, mutex) }
                defer {
                    request = nil
                    reply = nil
                }
                return cancelled ? nil : reply
            }
            guard let answer else {
                if let optimizer { nlopt_force_stop(optimizer) }
                lastConstraints = []
                // A finite value: NLopt returns after this evaluation, but NEWUOA first solves its trust-region
                // subproblem, which never ends on a model holding HUGE_VAL.
                return worstFinite ?? 0
            }
            lastConstraints = answer.constraints
            guard answer.objective.isFinite else {
                // A failed measurement (NaN, ±∞) reads as the worst finite value so far: the method moves away
                // from it without its quadratic models overflowing.
                return worstFinite ?? 0
            }
            worstFinite = max(worstFinite ?? answer.objective, answer.objective)
            return answer.objective
        }

        /// NLopt's constraints at the point just evaluated (COBYLA calls them right after the objective, at the
        /// same point): g ≤ 0 means satisfied; a missing or NaN value counts as violated.
        private func constraintValues(into result: UnsafeMutableBufferPointer<Double>) {
            for (slot, bound) in zip(result.indices, settings.constraints) {
                guard bound.index < lastConstraints.count, !lastConstraints[bound.index].isNaN else {
                    result[slot] = Double.infinity
                    continue
                }
                let value = lastConstraints[bound.index]
                result[slot] = bound.isUpper ? value - bound.bound : bound.bound - value
            }
        }
    }
}
