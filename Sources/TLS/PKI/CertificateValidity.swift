/// When an issued certificate is valid.
public enum CertificateValidity: Hashable, Sendable {
    /// From a few minutes before now (to tolerate clock skew between hosts) until `days` days
    /// from now.
    case days(Int)
    /// Exactly from `notBefore` to `notAfter`, Unix seconds. Lets tests issue certificates that
    /// are already expired or not yet valid.
    case explicit(notBefore: Int64, notAfter: Int64)

    /// How far into the past a `.days` certificate's notBefore is set.
    public static let clockSkewAllowance: Int64 = 5 * 60

    /// The longest validity accepted, in days (about 100 years).
    public static let maximumDays = 36_500

    /// The period as (notBefore, notAfter) Unix seconds, checked for sense.
    func resolve(now: Int64) throws -> (notBefore: Int64, notAfter: Int64) {
        switch self {
        case .days(let days):
            guard days > 0, days <= Self.maximumDays else {
                throw TLSError(.invalidArgument, "a validity of \(days) days is outside 1...\(Self.maximumDays)")
            }
            return (now - Self.clockSkewAllowance, now + Int64(days) * 86_400)
        case .explicit(let notBefore, let notAfter):
            guard notBefore < notAfter else {
                throw TLSError(.invalidArgument, "notBefore \(notBefore) is not before notAfter \(notAfter)")
            }
            return (notBefore, notAfter)
        }
    }
}
