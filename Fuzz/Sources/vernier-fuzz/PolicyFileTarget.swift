import Foundation
import VernierNN

/// Policy files (`policies/*.json`, `--policy`).
///
/// Each input is tried twice: as given, and — when it decodes as a policy at all — with its checksum recomputed,
/// so that mutations reach the checks behind the checksum (shapes, numbers) instead of stopping at it.
/// Refused: a ``PolicyFileError`` with a message. Accepted: the file writes and reads back equal, and a policy
/// built from it acts on an observation of the right size.
enum PolicyFileTarget {
    static func check(_ bytes: [UInt8]) {
        let data = Data(bytes)
        load(data)
        guard var file = try? JSONDecoder().decode(PolicyFile.self, from: data) else { return }
        file.checksum = file.computedChecksum()
        guard let resealed = try? file.encoded() else { return }
        load(resealed)
    }

    static func load(_ data: Data) {
        let file: PolicyFile
        do {
            file = try PolicyFile.decode(data)
        } catch {
            FuzzCheck.require(!error.description.isEmpty, "an empty refusal")
            return
        }
        do {
            let back = try PolicyFile.decode(try file.encoded())
            FuzzCheck.require(back == file, "an accepted policy file reads back different")
        } catch {
            FuzzCheck.require(false, "an accepted policy file does not write and read back: \(error)")
        }
        do {
            let policy = try Policy(file)
            var action = Array(repeating: 0.0, count: policy.actionCount)
            for value in [0.0, 1e6, -3.5] {
                policy.act(Array(repeating: value, count: policy.observationCount), into: &action)
            }
        } catch {
            FuzzCheck.require(false, "an accepted policy file builds no policy: \(error)")
        }
    }
}
