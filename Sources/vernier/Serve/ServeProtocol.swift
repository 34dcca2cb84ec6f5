/// The constants of `vernier serve`'s line protocol (documented in `docs/serve-protocol.md`).
enum ServeProtocol {
    /// The protocol's name in the greeting line.
    static let name = "vernier-serve"
    /// The protocol version: bumped whenever a request, a reply or a rule changes incompatibly.
    static let version = 1
}
