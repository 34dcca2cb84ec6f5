import ArgumentParser

/// How `vernier scan` re-tunes at each target frequency: `search` (the contour search, warm-started),
/// `bo` (Bayesian optimisation from the previous point), `nelder-mead` (from the previous point, a penalty
/// objective: the baseline), or `policy:FILE` (a trained PPO policy acting on the plant's RL view).
enum ScanMethod: ExpressibleByArgument, Codable, Hashable, Sendable, CustomStringConvertible {
    case search
    case bayesian
    case nelderMead
    case policy(path: String)

    init?(argument: String) {
        switch argument {
        case "search", "contour": self = .search
        case "bo": self = .bayesian
        case "nelder-mead": self = .nelderMead
        default:
            guard argument.hasPrefix("policy:"), argument.count > "policy:".count else { return nil }
            self = .policy(path: String(argument.dropFirst("policy:".count)))
        }
    }

    static var allValueStrings: [String] { ["search", "bo", "nelder-mead", "policy:FILE"] }
    static var defaultValueDescription: String { "search" }

    var description: String {
        switch self {
        case .search: "search"
        case .bayesian: "bo"
        case .nelderMead: "nelder-mead"
        case .policy(let path): "policy:\(path)"
        }
    }
}
