import ExecutableTestSupport
import Foundation
import PostgresTestSupport
import Shipper
import TLS
import Testing

/// The `pganalytics` binary: `register`, shipping settings, `--validate`, and a service run that
/// ships to a backend over real TLS.
@Suite struct CLITests {
    private func config(_ pki: TestPKI, extra: String = "", backend: String? = nil) throws -> String {
        let paths = pki.paths
        var text = """
            [collector]
            interval = 1
            [spool]
            dir = "\(pki.directory.file("spool"))"
            fsync = "interval:10ms"
            [backend]
            tls_cert = "\(paths.certificate)"
            tls_key = "\(paths.privateKey)"
            ca_cert = "\(paths.caCertificate)"

            """
        if let backend { text += "url = \"\(backend)\"\n" }
        text += extra
        let path = pki.directory.file("collector.toml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func registerStoresTheIdentityWhereTheConfigurationPoints() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        let backend = try await FakeBackend.start(pki: pki, requireClientCertificate: false)
        let path = try config(pki)
        let arguments = [
            "register", "--config", path, "--backend", "127.0.0.1:\(backend.port)", "--server-name", "localhost",
            "--ca-cert", pki.caPath, "--name", "db-01", "--region", "eu-west",
        ]
        let first = try pganalytics.run(arguments, environment: ["PGANALYTICS_REGISTRATION_SECRET": "s3cret"])
        #expect(first.status == 0, "\(first.stderr)")
        let credentials = try Credentials.load(pki.paths)
        let id = try #require(credentials.collectorID)
        #expect(first.stdout.contains("as collector \(id)"))
        #expect(CredentialStore.readCollectorID(paths: pki.paths) == id)
        #expect(try fileMode(pki.paths.privateKey) == 0o600)
        #expect(backend.snapshot.registers.first?.region == "eu-west")
        #expect(backend.snapshot.registers.first?.name == "db-01")

        // A second registration does not silently replace the identity.
        let again = try pganalytics.run(arguments + ["--secret", "s3cret"])
        #expect(again.status == 78)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
        let forced = try pganalytics.run(arguments + ["--secret", "s3cret", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Credentials.load(pki.paths).collectorID != id)
        await backend.stop()
    }

    @Test func registerExplainsFailures() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        let backend = try await FakeBackend.start(pki: pki, requireClientCertificate: false)
        let path = try config(pki)
        let base = ["register", "--config", path, "--backend", "127.0.0.1:\(backend.port)", "--server-name", "localhost", "--ca-cert", pki.caPath]

        let badSecret = try pganalytics.run(base + ["--secret", "nope"])
        #expect(badSecret.status == 77)
        #expect(badSecret.stderr.contains("refused the registration secret"), "\(badSecret.stderr)")

        let noSecret = try pganalytics.run(base, environment: ["PGANALYTICS_REGISTRATION_SECRET": ""])
        #expect(noSecret.status == 78)
        #expect(noSecret.stderr.contains("PGANALYTICS_REGISTRATION_SECRET"))

        let stranger = try TestPKI(clientValidity: nil, caName: "Another CA")
        defer { stranger.remove() }
        let untrusted = try pganalytics.run(
            ["register", "--config", path, "--backend", "127.0.0.1:\(backend.port)", "--server-name", "localhost",
             "--ca-cert", stranger.caPath, "--secret", "s3cret"])
        #expect(untrusted.status == 77)
        #expect(untrusted.stderr.contains("not trusted"), "\(untrusted.stderr)")
        await backend.stop()

        let unreachable = try pganalytics.run(base + ["--secret", "s3cret"])
        #expect(unreachable.status == 69)
        #expect(unreachable.stderr.contains("cannot connect"), "\(unreachable.stderr)")
        #expect(backend.snapshot.registers.map(\.secret) == ["nope"])
    }

    @Test func shippingWithoutTLSIsRefused() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let path = try config(pki, extra: "[security]\ntls_enabled = false\n", backend: "127.0.0.1:1")
        let outcome = try pganalytics.run(["--config", path])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("tls_enabled = false"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("mutual TLS"))
    }

    @Test func validateReportsTheCertificate() throws {
        let pki = try TestPKI(clientValidity: .days(90))
        defer { pki.remove() }
        let path = try config(pki, backend: "https://backend.example.com")
        let outcome = try pganalytics.run(["--validate", "--config", path])
        #expect(outcome.stdout.contains("backend: backend.example.com:8443"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("not HTTP"))
        #expect(outcome.stdout.contains("collector id \(pki.collectorID)"))
        #expect(outcome.stdout.contains("valid until"))
        #expect(outcome.stdout.contains("renewed automatically from"))

        try FileManager.default.removeItem(atPath: pki.paths.privateKey)
        let missing = try pganalytics.run(["--validate", "--config", path])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("NOT USABLE"), "\(missing.stdout)")
        #expect(missing.stdout.contains(pki.paths.privateKey))
    }

    @Test func theServiceShipsWhatItSamples() async throws {
        let postgres = try PostgresTestEnvironment.childEnvironment()
        let pki = try TestPKI()
        defer { pki.remove() }
        let backend = try await FakeBackend.start(pki: pki)
        let path = try config(pki, extra: "[security]\nverify_ssl = false\n", backend: "127.0.0.1:\(backend.port)")
        let (process, _, errors) = try pganalytics.start(["--config", path], environment: postgres)
        defer { if process.isRunning { process.terminate() } }
        try await eventually("records shipped by the service", seconds: 60) { backend.snapshot.stored.count >= 30 }
        process.interrupt()
        process.waitUntilExit()
        let log = errors.contents()
        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("connected to the backend"), "\(log)")
        #expect(log.contains("shipper stopped"))
        let state = backend.snapshot
        #expect(state.storeCount.values.allSatisfy { $0 == 1 })
        // Sequences arrive without holes.
        let sequences = state.stored.keys.sorted()
        #expect(sequences.first == 1)
        #expect(sequences.last == UInt64(sequences.count))
        await backend.stop()
    }
}

/// The built `pganalytics` binary.
private let pganalytics = ProductRunner(product: "pganalytics")
