#if canImport(Glibc)
import Glibc
#endif
import ExecutableTestSupport
import Foundation
import Shipper
import Testing
import TLS

/// The collector's enrolment client against the real backend process: REGISTER over TLS to the
/// ingest listener, the registrar, PostgreSQL, then the collectors API.
@Suite("Enrolment end to end: the collector's client against pganalytics-api serve")
struct EnrolmentEndToEndTests {
    @Test("a wrong secret is refused; the right one registers; the API shows the collector; revoking it shows too")
    func registerListRevoke() async throws {
        try await ScratchBackendDatabase.with { database async throws in
            let backend = try await ServingBackend.start(database: database)
            defer { _ = backend.stop() }
            let home = try TemporaryDirectory(prefix: "pga-backend-test-").path
            defer { try? FileManager.default.removeItem(atPath: home) }
            let paths = CredentialPaths(certificate: home + "/collector.crt", privateKey: home + "/collector.key",
                                        caCertificate: home + "/ca.crt")
            func request(_ secret: String) -> Enrolment.Request {
                Enrolment.Request(backend: BackendAddress(host: "localhost", port: backend.ingestPort), secret: secret,
                                  name: "e2e", hostname: "db-e2e.example.com", region: "test-region",
                                  caCertificate: backend.directory + "/ca.crt")
            }

            do {
                _ = try await Enrolment().register(request("not-the-registration-secret"), storeAt: paths)
                Issue.record("a wrong secret registered")
            } catch let error as ShipperError {
                #expect(error.code == .refused)
                #expect(error.backendCode == 8)  // authentication_failed
            }

            let result = try await Enrolment().register(request(ServingBackend.secret), storeAt: paths)
            #expect(result.collectorID.hasPrefix("db-e2e-example-com-"))
            #expect(result.certificate.matches(try PrivateKey(pemFile: paths.privateKey)))
            let attributes = try FileManager.default.attributesOfItem(atPath: paths.privateKey)
            #expect((attributes[.posixPermissions] as? Int ?? -1) & 0o777 == 0o600)

            let shown = try await httpRequest(port: backend.httpPort, "/api/v1/collectors/\(result.collectorID)", headers: backend.bearer)
            #expect(shown.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.body.utf8)) as? [String: Any])
            #expect(json["hostname"] as? String == "db-e2e.example.com")
            #expect(json["name"] as? String == "e2e")
            #expect(json["region"] as? String == "test-region")
            #expect(json["certificate_serial"] as? String == result.certificate.serialNumberHex)
            #expect(json["status"] as? String == "offline")
            #expect(json["revoked"] as? Bool == false)

            let revoked = try await httpRequest(port: backend.httpPort, "/api/v1/collectors/\(result.collectorID)/revoke", method: "POST",
                                                headers: backend.bearer)
            #expect(revoked.status == 200)
            #expect(revoked.body.contains("\"revoked\":true"))

            let metrics = try await httpRequest(port: backend.httpPort, "/metrics").body
            #expect(metrics.contains("pga_enrolment_total{request=\"register\",result=\"registered\"} 1"))
            #expect(metrics.contains("pga_enrolment_total{request=\"register\",result=\"bad_secret\"} 1"))
        }
    }
}
