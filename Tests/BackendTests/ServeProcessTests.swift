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
            let backend = try await ServingBackend.start(database: database)
            var stopped = false
            defer { if !stopped { _ = backend.stop(SIGKILL) } }

            let health = try await httpRequest(port: backend.httpPort, "/api/v1/health")
            #expect(health.status == 200, "\(health.body)")
            #expect(health.body.contains("\"status\":\"ok\""))
            let metrics = try await httpRequest(port: backend.httpPort, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.contentType?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains("pga_http_requests_total{route=\"health\",code=\"200\"} 1"))
            #expect(try await httpRequest(port: backend.httpPort, "/api/v1/collectors").status == 401)

            // Migrations and partition maintenance ran at start.
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.schema_migrations") ?? 0 > 0)
            #expect(try database.scalar("SELECT count(*) FROM pg_inherits") ?? 0 > 0)

            stopped = true
            #expect(backend.stop(signal) == 0, "\(backend.log.contents())")
            #expect(backend.log.contents().contains("shutting down"))
            #expect(backend.log.contents().contains("ingest listener stopped"))
            #expect(backend.log.contents().contains("stopped"))
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

    @Test("a port in use makes serve exit 1 naming the port")
    func portInUse() async throws {
        try await ScratchBackendDatabase.with { database async throws in
            let first = try await ServingBackend.start(database: database)
            defer { _ = first.stop() }
            let second = try runBackend(["serve"], environment: [
                "DATABASE_URL": database.conninfo, "PORT": String(first.httpPort), "INGEST_PORT": "0",
                "TLS_CERT": first.directory + "/server.crt", "TLS_KEY": first.directory + "/server.key",
                "TLS_CA": first.directory + "/ca.crt", "RETENTION_DAYS": "2",
            ])
            #expect(second.status == 1)
            #expect(second.stderr.contains("the HTTP API could not start on port \(first.httpPort)"))
        }
    }
}
