import BackendAPI
import Testing

@Suite("Admin bearer token")
struct AuthorizationTests {
    static let adminRequests: [(String, String)] = [
        ("GET", "/api/v1/collectors"), ("GET", "/api/v1/collectors/x"), ("POST", "/api/v1/collectors/x/revoke"),
    ]

    @Test("without a token, or with a wrong one, the admin endpoints are 401 and change nothing")
    func unauthorized() async throws {
        try await APIFixture.with { fixture async throws in
            try fixture.register("x")
            let wrong: [[String: String]] = [
                [:], ["Authorization": "Bearer nope"], ["Authorization": "Bearer \(APIFixture.token)x"],
                ["Authorization": "Bearer \(APIFixture.token.dropLast())"], ["Authorization": "Basic \(APIFixture.token)"],
                ["Authorization": "Bearer"], ["Authorization": APIFixture.token],
            ]
            for (method, path) in Self.adminRequests {
                for headers in wrong {
                    let response = try await fixture.request(method, path, headers: headers)
                    #expect(response.status == 401, "\(method) \(path) \(headers)")
                    #expect(response.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                    #expect(try response.json()["error"] as? String == "unauthorized")
                }
            }
            let record = try await fixture.request("GET", "/api/v1/collectors/x", headers: fixture.bearer).json()
            #expect(record["revoked"] as? Bool == false)
        }
    }

    @Test("the scheme name is case-insensitive")
    func schemeCase() async throws {
        try await APIFixture.with { fixture async throws in
            #expect(try await fixture.request("GET", "/api/v1/collectors", headers: ["Authorization": "bearer \(APIFixture.token)"]).status == 200)
        }
    }

    @Test("without ADMIN_TOKEN the admin endpoints are 403 and say why; health and metrics still work")
    func disabled() async throws {
        try await APIFixture.with(adminToken: nil) { fixture async throws in
            for (method, path) in Self.adminRequests {
                let response = try await fixture.request(method, path, headers: fixture.bearer)
                #expect(response.status == 403)
                #expect((try response.json()["message"] as? String)?.contains("ADMIN_TOKEN is not set") == true)
            }
            #expect(try await fixture.request("GET", "/api/v1/health").status == 200)
            #expect(try await fixture.request("GET", "/metrics").status == 200)
        }
    }
}
