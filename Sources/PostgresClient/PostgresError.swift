/// A failure talking to PostgreSQL: what went wrong, and what the server said about it.
///
/// `code` is a growable set of kinds (switch with a `default`); `sqlState` and `message` carry the
/// server's own words when there are any.
public struct PostgresError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A stable name for logs and tests.
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The connection could not be made: unreachable host, refused port, bad credentials.
        public static let connectionFailed = Code("connectionFailed")
        /// An established connection broke; the caller should reconnect.
        public static let connectionLost = Code("connectionLost")
        /// No connection right now: a reconnect is waiting out its backoff.
        public static let notConnected = Code("notConnected")
        /// The server refused or failed the statement (`sqlState` says why).
        public static let queryFailed = Code("queryFailed")
        /// `statement_timeout` or `lock_timeout` ended the statement (SQLSTATE 57014 or 55P03).
        public static let timeout = Code("timeout")
        /// A result column has a type this client does not map to a wire type.
        public static let unsupportedType = Code("unsupportedType")
        /// A value in a result could not be decoded (wrong length for its type, bad numeric).
        public static let malformedValue = Code("malformedValue")
        /// A parameter could not be sent (a NUL byte in a string).
        public static let invalidParameter = Code("invalidParameter")
    }

    public var code: Code
    /// What happened, for people: libpq's or the server's message.
    public var message: String
    /// The five-character SQLSTATE the server reported, if any.
    public var sqlState: String?
    /// The result column concerned, for `unsupportedType` and `malformedValue`.
    public var column: String?
    /// The type OID concerned, for `unsupportedType`.
    public var typeOID: UInt32?

    public init(_ code: Code, _ message: String, sqlState: String? = nil, column: String? = nil, typeOID: UInt32? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.column = column
        self.typeOID = typeOID
    }

    public var description: String {
        var out = "\(code)"
        if let sqlState { out += " [\(sqlState)]" }
        if let column { out += " column \(column)" }
        if let typeOID { out += " type OID \(typeOID)" }
        return out + ": " + message
    }
}
