import Foundation
import Testing
@testable import VernierCore
import VernierYAML

@Suite("PlantOptions directory")
struct PlantOptionsDirectoryTests {
    @Test("options read from a file know the file's folder; inline options and defaults have none")
    func directory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-options-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plant.yaml")
        try "optics_file: optics.out\n".write(to: file, atomically: true, encoding: .utf8)
        let options = try PlantOptions(contentsOf: file)
        #expect(options.directory?.standardizedFileURL.path == folder.standardizedFileURL.path)
        #expect(options.keys == ["optics_file"])
        #expect(try PlantOptions(yaml: "{a: 1}", source: "--options").directory == nil)
        #expect(PlantOptions.none.directory == nil)
    }
}
