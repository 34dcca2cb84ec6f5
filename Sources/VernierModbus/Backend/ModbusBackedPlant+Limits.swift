import VernierCore

extension ModbusBackedPlant {
    /// An operator's `limits` (e.g. a tune configuration's `safety:` section) tightened by the register map: hard
    /// limits are their intersection with the map's writable box, the maximum step of each parameter the smaller
    /// of the two (the map's `max_step` where the operator set none, and the reverse). The out-of-bounds policy,
    /// the restore targets and the dry-run flag stay the operator's.
    ///
    /// Limits of the wrong dimension are returned unchanged, for the safety envelope to refuse with its own message;
    /// an empty intersection gives a box the envelope refuses as unordered.
    public func limits(within limits: SafetyLimits) -> SafetyLimits {
        let space = optimizationSpace
        guard limits.hardLimits.count == space.count else { return limits }
        var tightened = limits
        tightened.hardLimits = Box(low: zip(limits.hardLimits.low, space.low).map { Swift.max($0, $1) },
                                   high: zip(limits.hardLimits.high, space.high).map { Swift.min($0, $1) },
                                   shape: space.shape)
        switch (limits.maxStep, maxStep) {
        case (nil, let map):
            tightened.maxStep = map
        case (let requested?, nil):
            tightened.maxStep = requested
        case (let requested?, let map?):
            tightened.maxStep = requested.count == map.count ? zip(requested, map).map { Swift.min($0, $1) } : requested
        }
        return tightened
    }
}
