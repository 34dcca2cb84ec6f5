/// A scan's whole configuration, stored with its run (JSON).
struct ScanRecipe: Codable, Hashable {
    var plant: String
    var options: String?
    var method: String
    var backend: PlantBackend
    var fromGhz: Double
    var toGhz: Double
    var stepMhz: Double
    var coldBudget: Int
    var budget: Int
    var checkEvery: Int?
    var policyWithoutPlacement: Bool?
    /// With a policy: where each step starts (`predicted`, `placed`, `ended`).
    var policyStart: String?
    var seed: UInt64
}
