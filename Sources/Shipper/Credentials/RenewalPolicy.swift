/// When the collector asks for a new certificate: once less than a fraction of the certificate's
/// validity is left (a third by default), so a 90-day certificate is renewed 30 days before it
/// expires, with plenty of retries before it does.
public struct RenewalPolicy: Hashable, Sendable {
    /// Renew when the time left is below this fraction of the whole validity (0 disables renewal).
    public var remainingFraction: Double

    public init(remainingFraction: Double = 1.0 / 3.0) {
        precondition((0...1).contains(remainingFraction), "the renewal fraction is between 0 and 1")
        self.remainingFraction = remainingFraction
    }

    /// Whether a certificate valid from `notBefore` to `notAfter` (Unix seconds) is due at `now`.
    public func isDue(notBefore: Int64, notAfter: Int64, now: Int64) -> Bool {
        guard remainingFraction > 0, notAfter > notBefore else { return false }
        let total = Double(notAfter - notBefore)
        let left = Double(notAfter - now)
        return left < total * remainingFraction
    }

    /// The Unix second at which a certificate with this validity becomes due.
    public func dueAt(notBefore: Int64, notAfter: Int64) -> Int64 {
        notAfter - Int64(Double(notAfter - notBefore) * remainingFraction)
    }
}
