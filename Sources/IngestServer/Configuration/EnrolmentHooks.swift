import WireProtocol

/// Enrolment, which the listener passes on: the registrar (in the backend executable) signs
/// CSRs with the backend's CA and records the collector.
///
/// Each hook answers with the message to send: `.registered(...)`, or `.error(...)` (e.g.
/// `registration_refused` or `authentication_failed` for a bad secret). An error whose fatal
/// flag is set closes the connection after it is sent.
public struct EnrolmentHooks: Sendable {
    /// REGISTER on a connection without a client certificate. `peerAddress` is the remote
    /// address, for logs and rate limits.
    public var register: @Sendable (_ request: Register, _ peerAddress: String) async -> Message
    /// RENEW on a connection whose verified client certificate names `collectorID`.
    public var renew: @Sendable (_ request: Renew, _ collectorID: String, _ peerAddress: String) async -> Message

    public init(
        register: @escaping @Sendable (_ request: Register, _ peerAddress: String) async -> Message,
        renew: @escaping @Sendable (_ request: Renew, _ collectorID: String, _ peerAddress: String) async -> Message
    ) {
        self.register = register
        self.renew = renew
    }
}
