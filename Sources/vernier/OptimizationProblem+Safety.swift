import VernierCore
import VernierOptimize

extension OptimizationProblem {
    /// The problem `plant` poses, searched inside the safety envelope's hard limits when the configuration
    /// narrows them: the local optimisers' bounds (BOBYQA's box, COBYLA's bound constraints) are then the
    /// envelope's, so they never propose a point the envelope would clip.
    init(describing plant: some SingleOptimizable, initialPoint: [Double]?, within safety: SafetyConfiguration) {
        self.init(describing: plant, initialPoint: initialPoint)
        // A start outside the limits is the envelope's to refuse, with its own message.
        if let hardLimits = safety.hardLimits, hardLimits.count == space.count,
           initialPoint.map(hardLimits.contains) ?? true {
            space = hardLimits
        }
    }
}
