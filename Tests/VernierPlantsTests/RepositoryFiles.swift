import Foundation

/// Files of the repository the tests read (the source tree is present wherever tests run).
enum RepositoryFiles {
    /// The repository root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // VernierPlantsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `environments/awake/electron_tt43.out`.
    static let tt43Optics = root.appendingPathComponent("environments/awake/electron_tt43.out")
}
