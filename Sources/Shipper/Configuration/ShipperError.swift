/// An error of the shipper, the enrolment client or certificate renewal.
///
/// A struct with a growable ``Code``, so new failure kinds do not break callers. The message says
/// what failed and where (the backend address, the file path, the sequence).
public struct ShipperError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A backend address could not be parsed.
        public static let invalidAddress = Code("invalidAddress")
        /// Certificate, key or CA files are missing, unreadable, mismatched or expired.
        public static let credentials = Code("credentials")
        /// The backend could not be reached (DNS, refused, timed out).
        public static let unreachable = Code("unreachable")
        /// The TLS handshake failed because the server's certificate is not trusted (wrong CA,
        /// wrong host name, expired).
        public static let serverNotTrusted = Code("serverNotTrusted")
        /// The TLS handshake failed for another reason (our certificate refused, no common version).
        public static let handshakeFailed = Code("handshakeFailed")
        /// The backend answered with ERROR; ``ShipperError/backendCode`` holds its code.
        public static let refused = Code("refused")
        /// The backend broke the protocol (an unexpected message, a malformed frame, an ACK past
        /// what was sent).
        public static let protocolViolation = Code("protocolViolation")
        /// The connection closed or went silent before the exchange completed.
        public static let connectionLost = Code("connectionLost")
        /// Writing the new key, certificates or collector id failed.
        public static let storage = Code("storage")
        /// The spool failed (closed, I/O).
        public static let spool = Code("spool")
    }

    public var code: Code
    public var message: String
    /// For ``Code/refused``: the backend's error code (table 6.5.1) and whether it was fatal.
    public var backendCode: UInt16?

    public init(_ code: Code, _ message: String, backendCode: UInt16? = nil) {
        self.code = code
        self.message = message
        self.backendCode = backendCode
    }

    public var description: String { message }
}
