import PostgresClient
import Testing
import WireProtocol

@Suite("connection")
struct ConnectionTests {
    @Test("connects, reports the server version and sets the session timeouts")
    func connects() throws {
        let connection = try TestDatabase.connect { $0.statementTimeoutMilliseconds = 7_000; $0.lockTimeoutMilliseconds = 900 }
        #expect(connection.serverVersionNum >= 120000)
        let result = try connection.query("""
            SELECT current_setting('server_version_num')::int AS version, pg_backend_pid() AS pid,
                   current_setting('statement_timeout') AS statement_timeout, current_setting('lock_timeout') AS lock_timeout,
                   current_setting('application_name') AS application_name
            """)
        #expect(result.rows == [[.int8(Int64(connection.serverVersionNum)), .int8(Int64(connection.backendPID)),
                                 .text("7s"), .text("900ms"), .text("pganalytics")]])
    }

    @Test("connects from a URL")
    func connectsFromURL() throws {
        guard let url = TestDatabase.environment("PGA_TEST_DATABASE_URL") else {
            Issue.record("PGA_TEST_DATABASE_URL is not set; run tools/test")
            return
        }
        let connection = try PostgresConnection(url: url)
        #expect(try connection.query("SELECT 1 AS one").rows == [[.int8(1)]])
    }

    @Test("a wrong password fails with connectionFailed")
    func wrongPassword() throws {
        let error = #expect(throws: PostgresError.self) {
            _ = try TestDatabase.connect { $0.password = "not-the-password" }
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("password authentication failed") == true, "\(String(describing: error))")
    }

    @Test("a port nobody listens on fails with connectionFailed")
    func wrongPort() throws {
        let error = #expect(throws: PostgresError.self) {
            _ = try TestDatabase.connect { $0.port = 1 }
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("port=1") == true, "names where it tried: \(String(describing: error))")
    }

    @Test("statement_timeout ends a long statement with timeout, and the connection stays usable")
    func statementTimeout() throws {
        let connection = try TestDatabase.connect { $0.statementTimeoutMilliseconds = 200 }
        let error = #expect(throws: PostgresError.self) { _ = try connection.query("SELECT pg_sleep(5)") }
        #expect(error?.code == .timeout)
        // 57014 (query_canceled) is the server's own statement_timeout, not a client-side wait.
        #expect(error?.sqlState == "57014")
        #expect(try connection.query("SELECT 2 AS two").rows == [[.int8(2)]])
    }

    @Test("lock_timeout ends a statement waiting for a lock with timeout")
    func lockTimeout() throws {
        let holder = try TestDatabase.connect()
        let waiter = try TestDatabase.connect { $0.lockTimeoutMilliseconds = 200 }
        try holder.execute("CREATE TABLE IF NOT EXISTS pga_lock_test (id int)")
        try holder.execute("BEGIN; LOCK TABLE pga_lock_test IN ACCESS EXCLUSIVE MODE")
        defer { try? holder.execute("ROLLBACK") }
        let error = #expect(throws: PostgresError.self) { _ = try waiter.query("SELECT count(*) FROM pga_lock_test") }
        #expect(error?.code == .timeout)
        #expect(error?.sqlState == "55P03")
    }

    @Test("a failing statement reports its SQLSTATE and message")
    func queryFailed() throws {
        let connection = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) { _ = try connection.query("SELECT * FROM no_such_table_here") }
        #expect(error?.code == .queryFailed)
        #expect(error?.sqlState == "42P01")
        #expect(error?.message.contains("no_such_table_here") == true)
        let syntax = #expect(throws: PostgresError.self) { try connection.execute("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
    }

    @Test("a terminated backend is reported as connectionLost")
    func connectionLost() throws {
        let victim = try TestDatabase.connect()
        let killer = try TestDatabase.connect()
        _ = try killer.query("SELECT pg_terminate_backend($1::int)", params: [String(victim.backendPID)])
        let error = #expect(throws: PostgresError.self) {
            // The first statement after the kill may still be sent before libpq notices.
            for _ in 0..<3 { _ = try victim.query("SELECT 1") }
        }
        #expect(error?.code == .connectionLost)
        #expect(!victim.isConnected)
    }

    @Test("a closed connection refuses statements")
    func closed() throws {
        let connection = try TestDatabase.connect()
        connection.close()
        #expect(!connection.isConnected)
        let error = #expect(throws: PostgresError.self) { _ = try connection.query("SELECT 1") }
        #expect(error?.code == .connectionLost)
    }

    @Test("parameters are sent as text, nil as NULL")
    func parameters() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("SELECT $1::int + 1 AS a, $2::text IS NULL AS b, $3::text AS c",
                                          params: ["41", nil, "grüße"])
        #expect(result.rows == [[.int8(42), .bool(true), .text("grüße")]])
        let error = #expect(throws: PostgresError.self) { _ = try connection.query("SELECT $1::text", params: ["a\u{0}b"]) }
        #expect(error?.code == .invalidParameter)
    }
}
