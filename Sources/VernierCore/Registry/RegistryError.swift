/// Why a plant could not be looked up or built.
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    /// The text is not of the form `namespace/Name-vN`.
    case malformedID(String)
    /// No plant is registered under the id; `nearMatches` are the closest registered ids.
    case unknownID(String, nearMatches: [String])
    /// Two plants were registered under one id.
    case duplicateID(String)
    /// The plant's options could not be read or were invalid.
    case invalidOptions(id: String, reason: String)

    public var description: String {
        switch self {
        case .malformedID(let text):
            return "'\(text)' is not a plant id: ids look like namespace/Name-vN, e.g. classic/Pendulum-v1 (run `vernier envs` for the list)"
        case .unknownID(let id, let near):
            let hint = near.isEmpty ? "" : " Did you mean \(near.joined(separator: ", "))?"
            return "no plant is registered as '\(id)'.\(hint) Run `vernier envs` to list them."
        case .duplicateID(let id):
            return "two plants are registered as '\(id)'"
        case .invalidOptions(let id, let reason):
            return "options for \(id): \(reason)"
        }
    }
}
