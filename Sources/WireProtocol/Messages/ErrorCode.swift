/// An error code of PROTOCOL.md table 6.5.1, carried by ERROR and GOODBYE.
///
/// The raw value is kept as received, so a code from a newer peer survives a round trip; use
/// `effective` for the meaning a v1 receiver gives it (an unknown code is `internalError`).
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let malformedFrame = ErrorCode(rawValue: 1)
    public static let unsupportedVersion = ErrorCode(rawValue: 2)
    public static let unknownMessageType = ErrorCode(rawValue: 3)
    public static let unexpectedMessage = ErrorCode(rawValue: 4)
    public static let sequenceGap = ErrorCode(rawValue: 5)
    public static let unknownFamily = ErrorCode(rawValue: 6)
    public static let batchRejected = ErrorCode(rawValue: 7)
    public static let authenticationFailed = ErrorCode(rawValue: 8)
    public static let collectorUnknown = ErrorCode(rawValue: 9)
    public static let collectorRevoked = ErrorCode(rawValue: 10)
    public static let rateLimited = ErrorCode(rawValue: 11)
    public static let superseded = ErrorCode(rawValue: 12)
    public static let storageUnavailable = ErrorCode(rawValue: 13)
    public static let shuttingDown = ErrorCode(rawValue: 14)
    public static let idleTimeout = ErrorCode(rawValue: 15)
    public static let tooManyConnections = ErrorCode(rawValue: 16)
    public static let internalError = ErrorCode(rawValue: 17)
    public static let registrationRefused = ErrorCode(rawValue: 18)

    /// The table's names, indexed by code - 1.
    private static let names = [
        "malformed_frame", "unsupported_version", "unknown_message_type", "unexpected_message",
        "sequence_gap", "unknown_family", "batch_rejected", "authentication_failed",
        "collector_unknown", "collector_revoked", "rate_limited", "superseded",
        "storage_unavailable", "shutting_down", "idle_timeout", "too_many_connections",
        "internal_error", "registration_refused",
    ]

    /// Codes that table 6.5.1 marks as not fatal: the session continues.
    private static let nonFatal: Set<UInt16> = [6, 7, 13]

    /// Every code of table 6.5.1, in order.
    public static let all: [ErrorCode] = (1...UInt16(names.count)).map { ErrorCode(rawValue: $0) }

    /// Whether this code is in table 6.5.1.
    public var isKnown: Bool { rawValue >= 1 && Int(rawValue) <= Self.names.count }

    /// The table's name (`malformed_frame`), or `unknown_<n>` for a code this version does not know.
    public var name: String { isKnown ? Self.names[Int(rawValue) - 1] : "unknown_\(rawValue)" }

    /// What a v1 receiver treats this code as: itself when known, `internalError` otherwise.
    public var effective: ErrorCode { isKnown ? self : .internalError }

    /// Whether table 6.5.1 says a sender sends this code with the fatal flag set.
    public var isFatalByDefault: Bool { !Self.nonFatal.contains(effective.rawValue) }

    /// The code with this table name, if any.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.rawValue = UInt16(index + 1)
    }

    public var description: String { "\(name) (\(rawValue))" }
}
