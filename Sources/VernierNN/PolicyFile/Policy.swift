/// A loaded policy ready to act: the deterministic action for one observation, computed without allocating.
///
/// What a control loop calls once per cycle. The observation is normalised with the file's statistics, run
/// through the actor network (one `dgemv` per layer into buffers made at load time), and turned into an action
/// by the file's scaling: clipped mean for continuous actions, arg-max for discrete ones.
///
/// A reference type because it owns its scratch memory; use one instance per thread.
public final class Policy {
    /// The file the policy came from.
    public let file: PolicyFile
    /// The actor network's layout.
    public let network: MultilayerPerceptron
    /// Number of observation elements.
    public var observationCount: Int { file.observationCount }
    /// Number of action elements (1 for a discrete choice).
    public var actionCount: Int { file.actionScaling.actionCount }

    private let parameters: ScratchBuffer
    private let workspace: NetworkWorkspace
    private let input: ScratchBuffer
    private let normalizationMean: ScratchBuffer
    private let normalizationScale: ScratchBuffer
    private let isNormalizing: Bool
    private let clip: Double
    private let actionScale: ScratchBuffer
    private let actionOffset: ScratchBuffer
    private let actionLow: ScratchBuffer
    private let actionHigh: ScratchBuffer

    /// A policy from a validated file.
    ///
    /// - Throws: ``PolicyFileError`` if the file does not validate.
    public init(_ file: PolicyFile) throws(PolicyFileError) {
        try file.validate()
        self.file = file
        network = try file.network()
        let flat = file.flatParameters
        parameters = ScratchBuffer(count: flat.count)
        for (index, value) in flat.enumerated() { parameters[index] = value }
        workspace = NetworkWorkspace(for: network, capacity: 1)
        input = ScratchBuffer(count: file.observationCount)
        normalizationMean = ScratchBuffer(count: file.observationCount)
        normalizationScale = ScratchBuffer(count: file.observationCount)
        if let normalization = file.observationNormalization {
            isNormalizing = true
            clip = normalization.clip
            for index in 0..<file.observationCount {
                normalizationMean[index] = normalization.mean[index]
                // SB3: (obs − mean) / sqrt(var + epsilon); the square root is taken once here.
                normalizationScale[index] = (normalization.variance[index] + normalization.epsilon).squareRoot()
            }
        } else {
            isNormalizing = false
            clip = .infinity
        }
        let scaling = file.actionScaling
        actionScale = ScratchBuffer(count: scaling.scale.count)
        actionOffset = ScratchBuffer(count: scaling.offset.count)
        actionLow = ScratchBuffer(count: scaling.low.count)
        actionHigh = ScratchBuffer(count: scaling.high.count)
        for index in 0..<scaling.low.count {
            actionScale[index] = scaling.scale[index]
            actionOffset[index] = scaling.offset[index]
            actionLow[index] = scaling.low[index]
            actionHigh[index] = scaling.high[index]
        }
    }

    /// Writes the deterministic action for `observation` into `action` (which must have ``actionCount``
    /// elements) and tells whether the scaled output had to be clipped into the action bounds. Allocates nothing.
    @discardableResult
    public func act(_ observation: [Double], into action: inout [Double]) -> Bool {
        precondition(observation.count == observationCount, "observation has \(observation.count) elements, the policy reads \(observationCount)")
        precondition(action.count == actionCount, "action has \(action.count) elements, the policy writes \(actionCount)")
        return observation.withUnsafeBufferPointer { source in
            action.withUnsafeMutableBufferPointer { target in
                guard let sourceBase = source.baseAddress, let targetBase = target.baseAddress else { return false }
                return act(observation: sourceBase, action: targetBase)
            }
        }
    }

    /// The deterministic action for the observation at `observation`, written to `action`; returns whether
    /// clipping changed it. Allocates nothing.
    @discardableResult
    public func act(observation: UnsafePointer<Double>, action: UnsafeMutablePointer<Double>) -> Bool {
        let x = input.pointer
        if isNormalizing {
            for index in 0..<observationCount {
                let value = (observation[index] - normalizationMean[index]) / normalizationScale[index]
                x[index] = min(max(value, -clip), clip)
            }
        } else {
            x.update(from: observation, count: observationCount)
        }
        network.forward(parameters: parameters.pointer, input: x, rows: 1, workspace: workspace)
        let output = workspace.outputs
        var wasClipped = false
        switch file.actionScaling.kind {
        case .continuous:
            for index in 0..<actionCount {
                let value = actionOffset[index] + actionScale[index] * output[index]
                let clipped = min(max(value, actionLow[index]), actionHigh[index])
                wasClipped = wasClipped || clipped != value
                action[index] = clipped
            }
        case .discrete:
            var best = 0
            for index in 0..<network.outputCount where output[index] > output[best] { best = index }
            action[0] = Double(file.actionScaling.start + best)
        }
        return wasClipped
    }

    /// The network's raw outputs for the last ``act(_:into:)`` call (the mean or the logits), for tests.
    public var lastNetworkOutputs: [Double] {
        Array(UnsafeBufferPointer(start: workspace.outputs, count: network.outputCount))
    }
}
