/// Why a policy file was refused. Each case names the problem and, where it can, the fix.
public enum PolicyFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The bytes are not JSON (typically a truncated or overwritten file).
    case notJSON(String)
    /// The JSON is not a Vernier policy (its `format` field is absent or different).
    case notAPolicyFile(found: String?)
    /// The format version is one this build does not read.
    case unsupportedVersion(found: Int, supported: Int)
    /// A required field is absent.
    case missingField(String)
    /// A field holds the wrong kind of value.
    case wrongType(field: String, detail: String)
    /// Shapes do not agree (layer chain, weight counts, statistics lengths, action head).
    case shapeMismatch(String)
    /// A number is NaN or infinite, or a statistic is out of range.
    case invalidNumber(String)
    /// The stored checksum does not match the contents: the file was corrupted or edited by hand.
    case checksumMismatch(stored: String, computed: String)
    /// The policy was trained on a different plant than the one asked for.
    case plantMismatch(policy: String, requested: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read policy file '\(path)': \(reason)"
        case .notJSON(let detail):
            return "the policy file is not valid JSON (truncated or corrupted?): \(detail)"
        case .notAPolicyFile(let found):
            let what = found.map { "its format is '\($0)'" } ?? "it has no 'format' field"
            return "not a Vernier policy file: \(what), expected '\(PolicyFile.formatName)' (write one with `vernier train`)"
        case .unsupportedVersion(let found, let supported):
            return "policy file format version \(found) is not supported by this build (it reads version \(supported)); "
                + "retrain the policy or use a matching Vernier"
        case .missingField(let field):
            return "the policy file has no '\(field)' field (truncated or hand-edited?)"
        case .wrongType(let field, let detail):
            return "policy file field '\(field)' has the wrong type: \(detail)"
        case .shapeMismatch(let detail):
            return "the policy file's shapes do not agree: \(detail)"
        case .invalidNumber(let detail):
            return "the policy file holds an invalid number: \(detail)"
        case .checksumMismatch(let stored, let computed):
            return "policy file checksum mismatch: stored \(stored), contents hash to \(computed); "
                + "the file is corrupted or was edited by hand — retrain or restore it"
        case .plantMismatch(let policy, let requested):
            return "the policy was trained on \(policy), not \(requested); pass --env \(policy) or train a policy for \(requested)"
        }
    }
}
