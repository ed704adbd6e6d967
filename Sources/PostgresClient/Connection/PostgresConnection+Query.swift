#if canImport(Glibc)
import Glibc
#endif
import CLibPQ

extension PostgresConnection {
    /// Runs one statement with text parameters (`$1`, `$2`, ...; nil is NULL) and returns its rows
    /// with typed columns (see `PostgresType` for the mapping).
    ///
    /// - Throws: `queryFailed` with the SQLSTATE and message, `timeout` when `statement_timeout`
    ///   or `lock_timeout` ended it, `connectionLost` when the connection broke, `unsupportedType`
    ///   naming a column whose type has no wire type (cast it in the SQL).
    public func query(_ sql: String, params: [String?] = []) throws(PostgresError) -> QueryResult {
        let conn = try handle()
        let result = try withParameters(params) { count, values in
            PQexecParams(conn, sql, count, nil, values, nil, nil, 1)
        }
        defer { PQclear(result) }
        try check(result, expecting: PGRES_TUPLES_OK, PGRES_COMMAND_OK)
        return try QueryResult(decoding: result)
    }

    /// Runs statements that return no rows (`SET`, `PREPARE`, DDL), possibly several separated by
    /// semicolons, without parameters.
    public func execute(_ sql: String) throws(PostgresError) {
        let conn = try handle()
        guard let result = PQexec(conn, sql) else {
            throw failure(nil)
        }
        defer { PQclear(result) }
        try check(result, expecting: PGRES_COMMAND_OK, PGRES_TUPLES_OK)
    }

    private func withParameters(
        _ params: [String?], _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> OpaquePointer?
    ) throws(PostgresError) -> OpaquePointer {
        for (index, param) in params.enumerated() where param?.utf8.contains(0) == true {
            throw PostgresError(.invalidParameter, "parameter $\(index + 1) contains a NUL byte")
        }
        let copies = params.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeBufferPointer { body(Int32(params.count), $0.baseAddress) }
        guard let result else { throw failure(nil) }
        return result
    }

    /// Turns a result that is not one of `expected` into the matching error.
    private func check(_ result: OpaquePointer, expecting expected: ExecStatusType...) throws(PostgresError) {
        let status = PQresultStatus(result)
        guard !expected.contains(status) else { return }
        throw failure(result)
    }

    private func failure(_ result: OpaquePointer?) -> PostgresError {
        let sqlState = result.flatMap { field($0, Int32(UInt8(ascii: "C"))) }
        let message = result.flatMap { field($0, Int32(UInt8(ascii: "M"))) } ?? lastErrorMessage
        if !isConnected {
            return PostgresError(.connectionLost, message, sqlState: sqlState)
        }
        switch sqlState {
        case "57014", "55P03": return PostgresError(.timeout, message, sqlState: sqlState)
        default: return PostgresError(.queryFailed, message, sqlState: sqlState)
        }
    }

    private func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        guard let value = PQresultErrorField(result, code) else { return nil }
        return String(cString: value)
    }
}
