#if canImport(Glibc)
import Glibc
#endif
import Backend
import Foundation
import Testing

@Suite("pganalytics-api serve as a real process")
struct ServeProcessTests {
    @Test("serve migrates, answers health and metrics, and exits 0 on the signal", arguments: [SIGTERM, SIGINT])
    func serveAndStop(signal: Int32) async throws {
        try await ScratchBackendDatabase.with { database async throws in
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let ca = try runBackend(["ca", "init", "--dir", dir, "--hostname", "localhost"])
            try #require(ca.status == 0, "\(ca.stderr)")

            let environment = [
                "DATABASE_URL": database.conninfo, "PORT": "0", "INGEST_PORT": "0",
                "TLS_CERT": dir + "/server.crt", "TLS_KEY": dir + "/server.key", "TLS_CA": dir + "/ca.crt",
                "REGISTRATION_SECRET": "a-registration-secret-for-tests", "ADMIN_TOKEN": "an-admin-token-for-tests",
                "RETENTION_DAYS": "2", "WRITERS": "1",
            ]
            let (process, _, err) = try startBackend(["serve"], environment: environment)
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

            let serving = await eventually { err.contents().contains("pganalytics-api serving") || !process.isRunning }
            try #require(serving && process.isRunning, "serve did not start: \(err.contents())")
            let port = try #require(Self.httpPort(in: err.contents()))

            let health = try await httpGet(port: port, "/api/v1/health")
            #expect(health.status == 200, "\(health.body)")
            #expect(health.body.contains("\"status\":\"ok\""))
            let metrics = try await httpGet(port: port, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.contentType?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains("pga_http_requests_total{route=\"health\",code=\"200\"} 1"))
            let collectors = try await httpGet(port: port, "/api/v1/collectors")
            #expect(collectors.status == 401)

            // Migrations and partition maintenance ran at start.
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.schema_migrations") ?? 0 > 0)
            #expect(try database.scalar("SELECT count(*) FROM pg_inherits") ?? 0 > 0)

            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0, "\(err.contents())")
            #expect(err.contents().contains("shutting down"))
            #expect(err.contents().contains("stopped"))
        }
    }

    @Test("serve with an unreadable TLS file exits 78 naming it")
    func badTLSFile() throws {
        let result = try runBackend(["serve"], environment: [
            "DATABASE_URL": "postgres://x@127.0.0.1:1/x", "TLS_CERT": "/nonexistent/server.crt",
            "TLS_KEY": "/nonexistent/server.key", "TLS_CA": "/nonexistent/ca.crt",
        ])
        #expect(result.status == 78)
        #expect(result.stderr.contains("TLS_CERT (--tls-cert): cannot read /nonexistent/server.crt"))
    }

    /// The HTTP port from the `serving` log line (`http_port=NNNN`).
    static func httpPort(in log: String) -> Int? {
        guard let range = log.range(of: "http_port=") else { return nil }
        return Int(log[range.upperBound...].prefix { $0.isNumber })
    }
}
