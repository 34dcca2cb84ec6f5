/// What a worker of a shared study gets when it asks for work (``RunStore/claimStudyPoint(study:worker:leaseSeconds:now:suggest:)``).
public enum StudyClaim: Sendable, Hashable {
    /// A point to evaluate, leased to the worker.
    case point(StudyPoint)
    /// Nothing to hand out now: the rest of the budget is pending with other workers; ask again later (their
    /// points come back if their leases run out).
    case wait
    /// The study has its budget of done points; stop.
    case finished
}
