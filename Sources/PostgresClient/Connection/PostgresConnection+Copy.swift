#if canImport(Glibc)
import Glibc
#endif
import CLibPQ

extension PostgresConnection {
    /// Starts `COPY ... FROM STDIN`; the connection then takes only `putCopyData` until
    /// `endCopy` (or `abortCopy`).
    ///
    /// - Throws: `queryFailed` when the statement is refused (unknown table or column, no
    ///   privilege), `connectionLost` when the connection broke.
    public func beginCopyIn(_ sql: String) throws(PostgresError) {
        let conn = try handle()
        guard let result = PQexec(conn, sql) else { throw copyFailure(nil) }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_IN else {
            throw copyFailure(result)
        }
    }

    /// Sends bytes of the COPY stream (any split: libpq and the server reassemble them).
    ///
    /// The connection is blocking, so this returns once libpq has queued or sent the bytes. A
    /// server-side error in the data shows up at `endCopy`, not here.
    ///
    /// - Throws: `connectionLost` when the bytes cannot be sent.
    public func putCopyData(_ bytes: UnsafeRawBufferPointer) throws(PostgresError) {
        let conn = try handle()
        guard !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, Int(Int32.max))
            let pointer = bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            guard PQputCopyData(conn, pointer, Int32(count)) == 1 else {
                throw PostgresError(.connectionLost, "sending COPY data: \(lastErrorMessage)")
            }
            offset += count
        }
    }

    /// Sends bytes of the COPY stream from an array.
    public func putCopyData(_ bytes: [UInt8]) throws(PostgresError) {
        let result: Result<Void, PostgresError> = bytes.withUnsafeBytes { raw in
            Result { () throws(PostgresError) in try putCopyData(raw) }
        }
        try result.get()
    }

    /// Ends the COPY stream and waits for the server's verdict.
    ///
    /// - Returns: the number of rows the server stored.
    /// - Throws: `queryFailed` with the SQLSTATE when the server refused the data (a value out of
    ///   range, a constraint, a malformed stream), `timeout` for `statement_timeout`,
    ///   `connectionLost` when the connection broke.
    @discardableResult
    public func endCopy() throws(PostgresError) -> Int {
        try finishCopy(errorMessage: nil)
    }

    /// Abandons the COPY: the server discards what it received and fails the statement (and the
    /// transaction, if one is open). Errors are not reported: the statement failed either way.
    public func abortCopy(_ reason: String = "aborted by client") {
        _ = try? finishCopy(errorMessage: reason)
    }

    private func finishCopy(errorMessage: String?) throws(PostgresError) -> Int {
        let conn = try handle()
        let ended = errorMessage.map { PQputCopyEnd(conn, $0) } ?? PQputCopyEnd(conn, nil)
        guard ended == 1 else {
            throw PostgresError(.connectionLost, "ending COPY: \(lastErrorMessage)")
        }
        var failure: PostgresError?
        var rows = 0
        // Drain every result so the connection is ready for the next command.
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK:
                rows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
            case PGRES_COPY_IN:
                // Only when the end was not accepted; libpq would loop forever on it.
                _ = PQputCopyEnd(conn, "COPY ended")
                failure = failure ?? PostgresError(.queryFailed, "COPY still in progress after its end was sent")
            default:
                failure = failure ?? copyFailure(result)
            }
            if !isConnected { break }
        }
        if let failure { throw failure }
        if !isConnected { throw PostgresError(.connectionLost, "COPY: \(lastErrorMessage)") }
        return rows
    }

    /// The error for a failed COPY result, classified as the query path does.
    private func copyFailure(_ result: OpaquePointer?) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        var message = field("M") ?? lastErrorMessage
        if let context = field("W") { message += " (\(context))" }
        if !isConnected {
            return PostgresError(.connectionLost, message, sqlState: sqlState)
        }
        switch sqlState {
        case "57014", "55P03": return PostgresError(.timeout, message, sqlState: sqlState)
        default: return PostgresError(.queryFailed, message, sqlState: sqlState)
        }
    }
}
