/// How one connection ended, which decides how the shipper retries.
enum SessionOutcome: Sendable {
    /// The connection failed or closed. `welcomed` when it had reached WELCOME (the backoff
    /// starts over); `slow` when only an operator can fix it (revoked, unknown, bad certificate).
    case closed(ShipperError, welcomed: Bool, slow: Bool)
    /// The certificate was renewed: reconnect at once with the new one.
    case renewed
    /// RENEW was refused or failed; ship with the current certificate and retry renewal later.
    case renewalFailed(ShipperError)
    /// The shipper was asked to stop.
    case stopped
}
