import VernierCore

/// Settings of ``ContourSearch`` (`contour:` in `vernier tune --config`), in the units of the problem's
/// parameters and constraint. Every key is optional; unknown keys are refused.
public struct ContourSearchOptions: Sendable, Hashable, Codable {
    /// How far inside the feasible side of the constraint the root is sought (constraint units, ≥ 0): a noisy
    /// reading at the root then still counts as feasible; default 0.3 (a JPA's gain: 19.8 dB for ≥ 19.5 dB).
    public var levelMargin: Double = 0.3
    /// A feasible reading at most this far beyond the sought level ends a root search at once (constraint
    /// units, ≥ 0): on a steep constraint it is already within a hair of the root; default 1.0.
    public var acceptExcess: Double = 1.0
    /// The root search stops when its bracket is this narrow (drive units, > 0); default 0.1.
    public var driveTolerance: Double = 0.1
    /// Once the plant has been seen unstable, no point is suggested with the drive more than this above the
    /// lowest drive seen unstable (drive units, ≥ 0); default 1.0.
    public var instabilityMargin: Double = 1.0
    /// First step below a predicted root when starting from one (drive units, > 0); default 0.3.
    public var driveStep: Double = 0.3
    /// Largest number of placement readings (drive off) per placement (≥ 2); default 5.
    public var placementReadings: Int = 5
    /// First move of the placement parameter without a slope to go by, as a fraction of its range (0 < f ≤ 0.5);
    /// default 0.05.
    public var placementStep: Double = 0.05
    /// Start from the problem's initial point as a previous operating point (a scan's warm start: no
    /// placement unless the root moved more than ``replacementThreshold``); `false` (default) = cold start,
    /// placement first.
    public var warmStart: Bool = false
    /// In a warm start, a root more than this above the initial point's drive triggers a placement and a new
    /// root search (drift, a flux jump); drive units, > 0; default 0.2.
    public var replacementThreshold: Double = 0.2
    /// In a warm start, begin with a placement reading at the start (and place again from it when it is off the
    /// target by more than three resolutions): a scan's periodic check against slow drift; default `false`.
    public var checkPlacement: Bool = false
    /// d(reading)/d(placement parameter), if known (a scan passes the last one); `nil` = estimate it.
    public var placementSlope: Double?
    /// d(constraint)/d(drive) near the root, if known (a scan passes the last one); `nil` = estimate it.
    public var driveSlope: Double?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case levelMargin = "level_margin"
        case acceptExcess = "accept_excess"
        case driveTolerance = "drive_tolerance"
        case instabilityMargin = "instability_margin"
        case driveStep = "drive_step"
        case placementReadings = "placement_readings"
        case placementStep = "placement_step"
        case warmStart = "warm_start"
        case replacementThreshold = "replacement_threshold"
        case checkPlacement = "check_placement"
        case placementSlope = "placement_slope"
        case driveSlope = "drive_slope"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ContourSearchOptions()
        levelMargin = try container.decode(.levelMargin, default: defaults.levelMargin)
        acceptExcess = try container.decode(.acceptExcess, default: defaults.acceptExcess)
        driveTolerance = try container.decode(.driveTolerance, default: defaults.driveTolerance)
        instabilityMargin = try container.decode(.instabilityMargin, default: defaults.instabilityMargin)
        driveStep = try container.decode(.driveStep, default: defaults.driveStep)
        placementReadings = try container.decode(.placementReadings, default: defaults.placementReadings)
        placementStep = try container.decode(.placementStep, default: defaults.placementStep)
        warmStart = try container.decode(.warmStart, default: defaults.warmStart)
        replacementThreshold = try container.decode(.replacementThreshold, default: defaults.replacementThreshold)
        checkPlacement = try container.decode(.checkPlacement, default: defaults.checkPlacement)
        placementSlope = try container.decodeIfPresent(Double.self, forKey: .placementSlope)
        driveSlope = try container.decodeIfPresent(Double.self, forKey: .driveSlope)
    }

    /// The problems with these options, if any.
    public func problems() -> [String] {
        var found: [String] = []
        if !(levelMargin >= 0) { found.append("level_margin must be ≥ 0, got \(levelMargin)") }
        if !(acceptExcess >= 0) { found.append("accept_excess must be ≥ 0, got \(acceptExcess)") }
        if !(driveTolerance > 0) { found.append("drive_tolerance must be > 0, got \(driveTolerance)") }
        if !(instabilityMargin >= 0) { found.append("instability_margin must be ≥ 0, got \(instabilityMargin)") }
        if !(driveStep > 0) { found.append("drive_step must be > 0, got \(driveStep)") }
        if placementReadings < 2 { found.append("placement_readings must be ≥ 2, got \(placementReadings)") }
        if !(placementStep > 0 && placementStep <= 0.5) {
            found.append("placement_step must be in (0, 0.5] (a fraction of the range), got \(placementStep)")
        }
        if !(replacementThreshold > 0) { found.append("replacement_threshold must be > 0, got \(replacementThreshold)") }
        if let placementSlope, !(placementSlope.isFinite && placementSlope != 0) {
            found.append("placement_slope must be finite and non-zero, got \(placementSlope)")
        }
        if let driveSlope, !(driveSlope.isFinite && driveSlope > 0) {
            found.append("drive_slope must be finite and > 0, got \(driveSlope)")
        }
        return found
    }
}
