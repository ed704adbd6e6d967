import WireProtocol

/// Everything one session reacts to, merged into one stream so that a single task owns the
/// session's state.
enum SessionEvent: Sendable {
    /// A message from the backend.
    case message(Message)
    /// The inbound side ended, with the error that ended it.
    case closed((any Error)?)
    /// The spool has new durable records (or closed) since the reader last found none.
    case spoolReady
    /// The clock: timeouts and pings are checked.
    case tick
}
