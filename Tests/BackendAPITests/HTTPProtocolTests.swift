import BackendAPI
import Testing

@Suite("HTTP/1.1 behaviour: routes, methods, limits, keep-alive")
struct HTTPProtocolTests {
    @Test("unknown routes are 404, wrong methods 405 with Allow, both as JSON")
    func routing() async throws {
        try await APIFixture.with { fixture async throws in
            for path in ["/", "/api", "/api/v1", "/api/v2/health", "/api/v1/health/x", "/metrics/", "/api/v1/collectors/a/b/c"] {
                let response = try await fixture.request("GET", path, headers: fixture.bearer)
                #expect(response.status == 404, "\(path)")
                #expect(try response.json()["error"] as? String == "not_found")
            }
            let response = try await fixture.request("DELETE", "/api/v1/collectors", headers: fixture.bearer)
            #expect(response.status == 405)
            #expect(response.headers["allow"] == "GET, HEAD")
            #expect(try response.json()["error"] as? String == "method_not_allowed")
            #expect(try await fixture.request("PUT", "/metrics").status == 405)
        }
    }

    @Test("one keep-alive connection serves several requests, pipelined ones in order")
    func keepAlive() async throws {
        try await APIFixture.with { fixture async throws in
            let client = try RawHTTPClient(port: fixture.port)
            for _ in 0..<3 {
                let response = try await client.request("GET", "/api/v1/health")
                #expect(response.status == 200)
                #expect(response.headers["connection"] == "keep-alive")
            }
            try await client.send("GET", "/metrics")
            try await client.send("GET", "/nowhere")
            try await client.send("GET", "/api/v1/health")
            #expect(try await client.receive().status == 200)
            #expect(try await client.receive().status == 404)
            #expect(try await client.receive().status == 200)
        }
    }

    @Test("Connection: close is honoured: the server closes after the answer")
    func connectionClose() async throws {
        try await APIFixture.with { fixture async throws in
            let client = try RawHTTPClient(port: fixture.port)
            let response = try await client.request("GET", "/api/v1/health", headers: ["Connection": "close"])
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "close")
            #expect(try await client.isClosedByPeer())
        }
    }

    @Test("a body over the limit is 413 and the connection closes, announced or not")
    func bodyTooLarge() async throws {
        try await APIFixture.with(server: HTTPServerConfiguration(maximumBodyBytes: 1024)) { fixture async throws in
            let announced = try RawHTTPClient(port: fixture.port)
            try await announced.send(Array("POST /api/v1/collectors/x/revoke HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000\r\n\r\n".utf8))
            let first = try await announced.receive()
            #expect(first.status == 413)
            #expect(try await first.json()["error"] as? String == "body_too_large")
            #expect(try await announced.isClosedByPeer())

            let chunked = try RawHTTPClient(port: fixture.port)
            var request = Array("POST /api/v1/collectors/x/revoke HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            for _ in 0..<4 { request += Array("200\r\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 512) + Array("\r\n".utf8) }
            try await chunked.send(request)
            #expect(try await chunked.receive().status == 413)
            #expect(try await chunked.isClosedByPeer())

            // Within the limit, the request is served.
            #expect(try await fixture.request("POST", "/api/v1/collectors/x/revoke", headers: fixture.bearer, body: Array(repeating: 0x20, count: 1000)).status == 404)
        }
    }

    @Test("a request target over the limit is 414")
    func uriTooLong() async throws {
        try await APIFixture.with(server: HTTPServerConfiguration(maximumURIBytes: 256)) { fixture async throws in
            let response = try await fixture.request("GET", "/api/v1/collectors/" + String(repeating: "a", count: 300), headers: fixture.bearer)
            #expect(response.status == 414)
        }
    }

    @Test("garbage instead of HTTP is answered 400 and closed; the server keeps serving")
    func malformed() async throws {
        try await APIFixture.with { fixture async throws in
            let client = try RawHTTPClient(port: fixture.port)
            try await client.send(Array("\u{1}\u{2}NOT HTTP AT ALL\r\n\r\n".utf8))
            #expect(try await client.receive().status == 400)
            #expect(try await client.isClosedByPeer())
            #expect(try await fixture.request("GET", "/api/v1/health").status == 200)
        }
    }

    @Test("connections beyond the limit are closed at once; the others are served")
    func connectionLimit() async throws {
        try await APIFixture.with(server: HTTPServerConfiguration(maximumConnections: 2)) { fixture async throws in
            let first = try RawHTTPClient(port: fixture.port)
            let second = try RawHTTPClient(port: fixture.port)
            #expect(try await first.request("GET", "/api/v1/health").status == 200)
            #expect(try await second.request("GET", "/api/v1/health").status == 200)
            let third = try RawHTTPClient(port: fixture.port)
            #expect(try await third.isClosedByPeer())
            #expect(try await first.request("GET", "/metrics").status == 200)
        }
    }
}
