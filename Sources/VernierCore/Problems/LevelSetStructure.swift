/// A structure a plant declares about one of its constraints, as data: the constraint is driven
/// **monotonically** by one parameter (the *drive*) up to an instability, so at fixed values of the other
/// parameters the constraint's level is a bracketed root in the drive, and "the least drive meeting the
/// constraint" is a search over the other parameters of that root (a level-set, or contour, search).
///
/// A JPA's gain rises with pump power until the amplifier oscillates: `stable_gain_db` is driven up by
/// `pump_power_dbm`, the flag `unstable` marks the region beyond, and the least pump power on the 20 dB contour
/// is what the haloscope wants. A Modbus device file can declare the same (`level_set:` in a
/// `modbus/Device-v1` file), so any plant of this shape gets the search.
///
/// Optionally the plant also offers a **placement reading**: an observable measured with the drive off (at
/// its lowest value) that must equal ``Placement/target`` where the contour is cheapest, and that one
/// parameter moves monotonically near the start (a JPA's passive resonance `passive_resonance_ghz`, moved by
/// the flux bias, equal to the target frequency). A few such readings put that parameter straight into the
/// narrow window where the constraint can be met.
public struct LevelSetStructure: Sendable, Hashable, Codable {
    /// The constraint (by ``Constraint/name``) the drive moves monotonically, e.g. `stable_gain_db`.
    public var constraint: String
    /// The parameter (by name) that drives the constraint, e.g. `pump_power_dbm`.
    public var drive: String
    /// Whether the constraint rises with the drive (true for a JPA's gain) or falls.
    public var increasing: Bool
    /// An observable that is 1 where the drive has pushed the plant past its monotone range (unstable), 0
    /// below; `nil` when the plant has none (a non-finite constraint value then marks it).
    public var instabilityObservable: String?
    /// The placement reading, if the plant has one.
    public var placement: Placement?

    /// A reading, taken with the drive at its lowest value, that must equal ``target`` where the contour is
    /// cheapest, moved monotonically by ``parameter`` near the start.
    public struct Placement: Sendable, Hashable, Codable {
        /// The parameter (by name) that moves the reading, e.g. `flux_bias_ua`.
        public var parameter: String
        /// The observable the evaluation reports with the drive at its lowest value, e.g. `passive_resonance_ghz`.
        public var observable: String
        /// The value the reading must take (the observable's unit), e.g. the target frequency in GHz.
        public var target: Double
        /// The reading's resolution (its noise's standard deviation, observable's unit): placement stops once
        /// the reading is within a few of these of the target; 0 for an exact reading.
        public var resolution: Double

        public init(parameter: String, observable: String, target: Double, resolution: Double = 0) {
            self.parameter = parameter
            self.observable = observable
            self.target = target
            self.resolution = resolution
        }
    }

    public init(constraint: String, drive: String, increasing: Bool = true, instabilityObservable: String? = nil,
                placement: Placement? = nil) {
        self.constraint = constraint
        self.drive = drive
        self.increasing = increasing
        self.instabilityObservable = instabilityObservable
        self.placement = placement
    }
}
