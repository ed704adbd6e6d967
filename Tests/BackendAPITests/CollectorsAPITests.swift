import BackendAPI
import Testing

@Suite("The collectors API over a real socket, against PostgreSQL")
struct CollectorsAPITests {
    @Test("the list shows each collector with its status from last_seen, lag and counters")
    func list() async throws {
        try await APIFixture.with { fixture async throws in
            try fixture.register("active-1", name: "one", hostname: "db1.example", region: "eu")
            try fixture.register("stale-1")
            try fixture.register("offline-1")
            try fixture.register("never-1")
            // Default interval 60 s: active ≤ 180 s, stale ≤ 600 s, offline beyond or never.
            try fixture.execute("""
                UPDATE pganalytics.collectors SET last_seen = now() - interval '10 seconds', committed_sequence = 123,
                    spool_last_written = 130, samples_received = 4567, dropped_samples = 8, dropped_records = 2, lost_records = 3, software = 'pganalytics/1.0.0'
                WHERE id = 'active-1'
                """)
            try fixture.execute("UPDATE pganalytics.collectors SET last_seen = now() - interval '5 minutes' WHERE id = 'stale-1'")
            try fixture.execute("UPDATE pganalytics.collectors SET last_seen = now() - interval '1 hour' WHERE id = 'offline-1'")

            let response = try await fixture.request("GET", "/api/v1/collectors", headers: fixture.bearer)
            #expect(response.status == 200)
            let json = try response.json()
            #expect(json["count"] as? Int == 4)
            let collectors = try #require(json["collectors"] as? [[String: Any]])
            let byID = Dictionary(uniqueKeysWithValues: collectors.map { ($0["id"] as! String, $0) })
            #expect(byID["active-1"]?["status"] as? String == "active")
            #expect(byID["stale-1"]?["status"] as? String == "stale")
            #expect(byID["offline-1"]?["status"] as? String == "offline")
            #expect(byID["never-1"]?["status"] as? String == "offline")
            #expect(byID["never-1"]?["last_seen"] is NSNull)
            #expect(byID["never-1"]?["lag"] is NSNull)

            let active = try #require(byID["active-1"])
            #expect(active["name"] as? String == "one")
            #expect(active["hostname"] as? String == "db1.example")
            #expect(active["region"] as? String == "eu")
            #expect(active["committed_sequence"] as? Int == 123)
            #expect(active["last_written"] as? Int == 130)
            #expect(active["lag"] as? Int == 7)
            #expect(active["samples_received"] as? Int == 4567)
            #expect(active["dropped_samples"] as? Int == 8)
            #expect(active["dropped_records"] as? Int == 2)
            #expect(active["lost_records"] as? Int == 3)
            #expect(active["software"] as? String == "pganalytics/1.0.0")
            #expect(active["revoked"] as? Bool == false)
            #expect(active["certificate_serial"] as? String == "0abc")
            #expect(active["certificate_expires_at"] as? String == "2028-07-08T16:00:00Z")
            #expect((active["last_seen"] as? String)?.hasSuffix("Z") == true)
            #expect((active["seconds_since_last_seen"] as? Double).map { $0 >= 10 } == true)
        }
    }

    @Test("?status= filters the list; an unknown value or parameter is 400")
    func filter() async throws {
        try await APIFixture.with { fixture async throws in
            try fixture.register("a")
            try fixture.register("b")
            try fixture.execute("UPDATE pganalytics.collectors SET last_seen = now() WHERE id = 'a'")
            let active = try await fixture.request("GET", "/api/v1/collectors?status=active", headers: fixture.bearer).json()
            #expect((active["collectors"] as? [[String: Any]])?.map { $0["id"] as? String } == ["a"])
            let offline = try await fixture.request("GET", "/api/v1/collectors?status=offline", headers: fixture.bearer).json()
            #expect((offline["collectors"] as? [[String: Any]])?.map { $0["id"] as? String } == ["b"])

            for target in ["/api/v1/collectors?status=sleepy", "/api/v1/collectors?colour=red", "/api/v1/collectors?status=%zz"] {
                let response = try await fixture.request("GET", target, headers: fixture.bearer)
                #expect(response.status == 400, "\(target)")
                #expect(try response.json()["error"] as? String == "bad_query")
            }
        }
    }

    @Test("one collector by id; an unknown id is 404 with a JSON error")
    func one() async throws {
        try await APIFixture.with { fixture async throws in
            try fixture.register("db-eu-1-00000000000000aa", hostname: "db-eu-1")
            let response = try await fixture.request("GET", "/api/v1/collectors/db-eu-1-00000000000000aa", headers: fixture.bearer)
            #expect(response.status == 200)
            #expect(try response.json()["hostname"] as? String == "db-eu-1")

            let missing = try await fixture.request("GET", "/api/v1/collectors/nobody", headers: fixture.bearer)
            #expect(missing.status == 404)
            let json = try missing.json()
            #expect(json["error"] as? String == "collector_not_found")
            #expect((json["message"] as? String)?.contains("nobody") == true)

            let bad = try await fixture.request("GET", "/api/v1/collectors/%ff%fe", headers: fixture.bearer)
            #expect(bad.status == 400)
        }
    }

    @Test("POST .../revoke revokes (idempotently) and the record says so")
    func revoke() async throws {
        try await APIFixture.with { fixture async throws in
            try fixture.register("victim")
            let response = try await fixture.request("POST", "/api/v1/collectors/victim/revoke", headers: fixture.bearer)
            #expect(response.status == 200)
            let json = try response.json()
            #expect(json["revoked"] as? Bool == true)
            let revokedAt = try #require(json["revoked_at"] as? String)

            let again = try await fixture.request("POST", "/api/v1/collectors/victim/revoke", headers: fixture.bearer).json()
            #expect(again["revoked_at"] as? String == revokedAt)
            let shown = try await fixture.request("GET", "/api/v1/collectors/victim", headers: fixture.bearer).json()
            #expect(shown["revoked"] as? Bool == true)

            #expect(try await fixture.request("POST", "/api/v1/collectors/ghost/revoke", headers: fixture.bearer).status == 404)
            let wrongMethod = try await fixture.request("GET", "/api/v1/collectors/victim/revoke", headers: fixture.bearer)
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers["allow"] == "POST")
        }
    }
}

import Foundation
