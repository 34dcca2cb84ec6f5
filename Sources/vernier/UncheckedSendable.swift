/// Carries a non-`Sendable` value into a child task that the caller awaits at once.
///
/// The commands run their synchronous work (training, a policy run) in a child `Task` only so that Ctrl-C can
/// cancel it (``InterruptMonitor`` cancels tasks); the parent does nothing but await it, so the value is never
/// used from two places at a time.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
