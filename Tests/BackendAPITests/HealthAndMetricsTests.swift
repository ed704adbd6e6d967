import BackendAPI
import PostgresClient
import Prometheus
import Testing

@Suite("GET /api/v1/health and /metrics over a real socket")
struct HealthAndMetricsTests {
    @Test("health is 200 with status ok when the database answers")
    func healthy() async throws {
        try await APIFixture.with { fixture async throws in
            let response = try await fixture.request("GET", "/api/v1/health")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let json = try response.json()
            #expect(json["status"] as? String == "ok")
            #expect((json["checks"] as? [String: String])?["database"] == "ok")
            #expect(json["version"] as? String == "test")
        }
    }

    @Test("health is 503 naming the database when it cannot be reached")
    func databaseDown() async throws {
        // Nothing listens on port 1.
        let unreachable = ConnectionParameters(host: "127.0.0.1", port: 1, user: "nobody", database: "nothing", sslMode: "disable")
        try await APIFixture.with(databaseParameters: unreachable) { fixture async throws in
            let response = try await fixture.request("GET", "/api/v1/health")
            #expect(response.status == 503)
            let json = try response.json()
            #expect(json["status"] as? String == "unavailable")
            #expect((json["reason"] as? String)?.hasPrefix("database: connectionFailed") == true)
        }
    }

    @Test("a failing extra check makes health 503 with its reason")
    func failingCheck() async throws {
        let check = HealthCheck(name: "ingest") { "the listener is not accepting" }
        try await APIFixture.with(healthChecks: [check]) { fixture async throws in
            let response = try await fixture.request("GET", "/api/v1/health")
            #expect(response.status == 503)
            let json = try response.json()
            #expect((json["checks"] as? [String: String])?["ingest"] == "the listener is not accepting")
            #expect((json["checks"] as? [String: String])?["database"] == "ok")
            #expect(json["reason"] as? String == "ingest: the listener is not accepting")
        }
    }

    @Test("HEAD health answers the headers only")
    func head() async throws {
        try await APIFixture.with { fixture async throws in
            let client = try RawHTTPClient(port: fixture.port)
            try await client.send("HEAD", "/api/v1/health")
            // The Content-Length describes the GET body; a HEAD answer has none, so read the
            // head alone by asking for a second response right after.
            try await client.send("GET", "/api/v1/health")
            let raw = try await client.receiveRawHead()
            #expect(raw.hasPrefix("HTTP/1.1 200"))
            #expect(try await client.receive().status == 200)
        }
    }

    @Test("metrics is the registry in Prometheus text format, without a token")
    func metrics() async throws {
        try await APIFixture.with { fixture async throws in
            fixture.registry.makeCounter(name: "pga_test_marker_total", labels: [("kind", "probe")]).increment(by: Int64(7))
            let response = try await fixture.request("GET", "/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(response.text.contains("# TYPE pga_test_marker_total counter"))
            #expect(response.text.contains("pga_test_marker_total{kind=\"probe\"} 7"))
        }
    }
}
