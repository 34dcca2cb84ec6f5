/// Why a request could not be answered; sent back as `{"error": message, "kind": kind}` and the session goes on.
struct ServeError: Error, CustomStringConvertible {
    /// What was wrong with a request, by whose fault.
    enum Kind: String {
        /// The line is not a request of this protocol (bad JSON, unknown op, a missing or mistyped field).
        case request
        /// The plant refused the request (an action of the wrong length, a point outside its limits, …).
        case plant
        /// The plant cannot do this at all (stepping an optimisation-only plant, a context for a plant without one).
        case unsupported
    }

    var kind: Kind
    var message: String

    var description: String { message }

    static func request(_ message: String) -> ServeError { ServeError(kind: .request, message: message) }
    static func unsupported(_ message: String) -> ServeError { ServeError(kind: .unsupported, message: message) }
}
