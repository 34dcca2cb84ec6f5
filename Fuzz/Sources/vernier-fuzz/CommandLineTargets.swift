import ArgumentParser
import Foundation
import VernierCore
@testable import VernierCLI

/// The command line and the JSON options it carries.
enum CommandLineTargets {
    /// An argument vector (arguments separated by NUL or newline bytes) parsed and validated by `vernier`'s
    /// commands, never run. Refused: exit status 64 (bad input) with a message, or 0 for help and version.
    static func arguments(_ bytes: [UInt8]) {
        let arguments = bytes.split(omittingEmptySubsequences: false) { $0 == 0 || $0 == 10 }
            .map { String(decoding: $0, as: UTF8.self) }
        do {
            _ = try Vernier.parseAsRoot(arguments)
        } catch {
            let status = Vernier.exitCode(for: error)
            let message = Vernier.message(for: error)
            FuzzCheck.require(status == .success || status == .validationFailure,
                              "\(arguments) refused with exit status \(status.rawValue): \(message)")
            FuzzCheck.require(status == .success || !message.isEmpty, "\(arguments) refused without a message")
        }
    }

    /// `vernier rollout --reset-options JSON`. Accepted: finite values that write and read back equal.
    /// Refused: a `ValidationError` (exit 64) with an example.
    static func resetOptions(_ bytes: [UInt8]) {
        let text = FuzzCheck.text(bytes)
        do {
            guard let options = try RolloutCommand.parseResetOptions(text) else {
                FuzzCheck.require(false, "text parsed as no options")
                return
            }
            FuzzCheck.require((options.state ?? []).allSatisfy(\.isFinite) && (options.context?.isFinite ?? true),
                              "reset options accepted with non-finite values: \(options)")
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let back = try RolloutCommand.parseResetOptions(String(decoding: try encoder.encode(options), as: UTF8.self))
            FuzzCheck.require(back == options, "reset options read back as \(String(describing: back)), not \(options)")
        } catch let error as ValidationError {
            FuzzCheck.require(!error.message.isEmpty, "an empty refusal")
        } catch {
            FuzzCheck.require(false, "reset options refused with \(error), not a ValidationError")
        }
    }
}
