import WireProtocol

/// Why an enrolment request was refused: the ERROR the collector gets.
struct Refusal: Error {
    let code: ErrorCode
    let message: String
    /// A short label for logs and the `pga_enrolment_total` metric.
    let reason: String

    init(_ code: ErrorCode, _ reason: String, _ message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }

    var answer: Message {
        .error(ErrorMessage(code: code, fatal: true, message: message))
    }

    /// The refusal for a rate limiter's decision, nil when allowed; `key` names what the
    /// limiter counts per ("this peer", "this collector").
    static func rateLimited(_ decision: RateLimiter.Decision, what: String, key: String) -> Refusal? {
        switch decision {
        case .allowed:
            return nil
        case .keyLimited(let seconds):
            return Refusal(.rateLimited, "rate_limited",
                           "too many \(what) attempts from \(key); retry in \(Int(seconds.rounded(.up))) s")
        case .globallyLimited(let seconds):
            return Refusal(.rateLimited, "rate_limited",
                           "too many \(what) attempts on this backend; retry in \(Int(seconds.rounded(.up))) s")
        }
    }
}
