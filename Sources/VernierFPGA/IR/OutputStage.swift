/// How the network's outputs become the action.
public enum OutputStage: Sendable, Hashable, Codable {
    /// The Gaussian mean scaled into the action bounds (see ``ActionScalingStage``).
    case continuous(ActionScalingStage)
    /// The arg-max of a categorical head's logits (the first on ties), plus `start`.
    case argmax(start: Int)
}

/// `a = clip(Q_action(y · k + o), low, high)`: the action scaling of the policy file in fixed point. When every
/// `k` is 1 and every `o` is 0 (every shipped policy) the stage is only the clip, and the hardware folds it into
/// the last layer's output register.
public struct ActionScalingStage: Sendable, Hashable, Codable {
    /// k as codes in ``scaleFormat``.
    public var scale: [Int64]
    /// Format of k.
    public var scaleFormat: FixedPointFormat
    /// o as codes in the action format.
    public var offset: [Int64]
    /// Lower bounds as codes in the action format.
    public var low: [Int64]
    /// Upper bounds as codes in the action format.
    public var high: [Int64]
    /// Format of the action.
    public var actionFormat: FixedPointFormat

    /// Whether y is passed through unscaled (k = 1, o = 0): then the stage is a clip of Q_action(y).
    public var isClipOnly: Bool {
        scale.allSatisfy { $0 == Int64(1) << Int64(max(0, scaleFormat.fractionBits)) && scaleFormat.fractionBits >= 0 }
            && offset.allSatisfy { $0 == 0 }
    }
}
