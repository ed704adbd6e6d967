#if canImport(Glibc)
import Glibc
#endif
import CLibPQ

/// One libpq connection (`PGconn`) to one database; the only place the collector touches libpq.
///
/// Calls block until the server answers. A connection is used from one thread at a time; it is
/// closed when the object goes away or on `close()`.
public final class PostgresConnection {
    private var conn: OpaquePointer?
    /// What this connection was made from.
    public let parameters: ConnectionParameters
    /// `server_version_num`, e.g. 150018 for 15.18.
    public let serverVersionNum: Int
    /// The server process serving this connection (`pg_backend_pid()`).
    public let backendPID: Int32

    /// Connects and sets up the session (`statement_timeout`, `lock_timeout`).
    ///
    /// - Throws: `connectionFailed` with libpq's message when the server cannot be reached or
    ///   refuses the credentials; `queryFailed` when the session set-up is refused.
    public init(_ parameters: ConnectionParameters) throws(PostgresError) {
        self.parameters = parameters
        let pairs = parameters.keywordValues
        let conn = Self.connect(pairs)
        guard let conn else { throw PostgresError(.connectionFailed, "libpq could not allocate a connection") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(conn))
            PQfinish(conn)
            throw PostgresError(.connectionFailed, "\(parameters.displayName): \(message)")
        }
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        self.conn = conn
        serverVersionNum = Int(PQserverVersion(conn))
        backendPID = PQbackendPID(conn)
        if let setup = parameters.sessionSetup {
            try execute(setup)
        }
    }

    /// A connection from a URL (`postgres://...`) or a `key=value` connection string.
    public convenience init(url: String) throws(PostgresError) {
        try self.init(ConnectionParameters(url: url))
    }

    deinit {
        if let conn { PQfinish(conn) }
    }

    /// Closes the connection; later calls fail with `connectionLost`.
    public func close() {
        if let conn { PQfinish(conn) }
        conn = nil
    }

    /// Whether the connection is still up, as far as libpq knows without asking the server.
    public var isConnected: Bool {
        guard let conn else { return false }
        return PQstatus(conn) == CONNECTION_OK
    }

    /// The live handle, or `connectionLost` when closed or broken.
    func handle() throws(PostgresError) -> OpaquePointer {
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            throw PostgresError(.connectionLost, "connection to \(parameters.displayName) is closed")
        }
        return conn
    }

    /// libpq's last error message for this connection.
    var lastErrorMessage: String {
        guard let conn else { return "connection closed" }
        return Self.trimmed(PQerrorMessage(conn))
    }

    private static func connect(_ pairs: [(String, String)]) -> OpaquePointer? {
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        var keywordPointers: [UnsafePointer<CChar>?] = keywords.map { UnsafePointer($0) } + [nil]
        var valuePointers: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        return keywordPointers.withUnsafeMutableBufferPointer { keywordBuffer in
            valuePointers.withUnsafeMutableBufferPointer { valueBuffer in
                PQconnectdbParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 1)
            }
        }
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        var text = String(cString: message)
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        return text
    }
}
