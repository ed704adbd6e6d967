import Foundation
import Ingest
import IngestTestSupport
import Logging
import PostgresClient
import Registration
import Testing
import TLS
import WireProtocol

/// A migrated scratch database, a CA and a registrar over them, for one test.
struct RegistrationFixture {
    static let secret = "correct horse battery staple"

    let parameters: ConnectionParameters
    let authority: CertificateAuthority
    let database: DatabaseExecutor
    let registrar: Registrar

    /// Creates `pga_reg_<random>`, migrates it, runs `body` and drops it afterwards.
    static func with<T>(configuration: RegistrarConfiguration = RegistrarConfiguration(secret: secret),
                        clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds,
                        _ body: (RegistrationFixture) async throws -> T) async throws -> T {
        try await MigratedDatabase.withAsync(prefix: "pga_reg_", .migrated(), lockTimeoutMilliseconds: 10_000) { migrated in
            try await with(migrated.parameters, configuration: configuration, clock: clock, body)
        }
    }

    private static func with<T>(_ parameters: ConnectionParameters, configuration: RegistrarConfiguration,
                                clock: @escaping @Sendable () -> Double,
                                _ body: (RegistrationFixture) async throws -> T) async throws -> T {
        let authority = try CertificateAuthority.create(commonName: "Registration Test CA")
        let database = DatabaseExecutor(parameters: parameters, threads: 2)
        let registrar = try Registrar(configuration: configuration, authority: authority, database: database,
                                      logger: Logger(label: "test.registration"), clock: clock)
        let fixture = RegistrationFixture(parameters: parameters, authority: authority, database: database, registrar: registrar)
        do {
            let value = try await body(fixture)
            await database.shutdown()
            return value
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// A REGISTER with a fresh key's CSR.
    static func request(secret: String = secret, hostname: String = "db-1.example.com", name: String = "db one",
                        region: String = "eu-west", key: PrivateKey? = nil) throws -> (Register, PrivateKey) {
        let key = try key ?? PrivateKey.generateP256()
        let csr = try CertificateSigningRequest(commonName: hostname, key: key)
        return (Register(secret: secret, name: name, hostname: hostname, region: region, csr: try csr.derBytes()), key)
    }

    /// The row of `id` as (hostname, name, region, serial, expiry Unix seconds, revoked).
    func row(_ id: String) throws -> (hostname: String, name: String, region: String, serial: String?, expires: Int64?)? {
        let connection = try PostgresConnection(parameters)
        defer { connection.close() }
        let result = try connection.query("""
            SELECT hostname, name, region, certificate_serial, extract(epoch FROM certificate_expires_at)::bigint
            FROM pganalytics.collectors WHERE id = $1
            """, params: [id])
        guard let row = result.rows.first else { return nil }
        func text(_ value: Value) -> String? { if case .text(let text) = value { text } else { nil } }
        let expires: Int64? = if case .int8(let value) = row[4] { value } else { nil }
        return (text(row[0]) ?? "", text(row[1]) ?? "", text(row[2]) ?? "", text(row[3]), expires)
    }

    /// How many collectors are registered.
    func collectorCount() throws -> Int64 {
        try MigratedDatabase(parameters: parameters).scalar("SELECT count(*) FROM pganalytics.collectors") ?? -1
    }

    func revoke(_ id: String) throws {
        try MigratedDatabase(parameters: parameters).revoke(id)
    }
}

/// The REGISTERED inside `message`, or a recorded issue naming what came instead.
func registered(_ message: Message, sourceLocation: SourceLocation = #_sourceLocation) -> Registered? {
    if case .registered(let registered) = message { return registered }
    Issue.record("expected REGISTERED, got \(message)", sourceLocation: sourceLocation)
    return nil
}

/// The ERROR inside `message`, or a recorded issue naming what came instead.
func refusal(_ message: Message, sourceLocation: SourceLocation = #_sourceLocation) -> ErrorMessage? {
    if case .error(let error) = message { return error }
    Issue.record("expected ERROR, got \(message)", sourceLocation: sourceLocation)
    return nil
}

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 1000.0

    func advance(_ seconds: Double) {
        lock.withLock { now += seconds }
    }

    var read: @Sendable () -> Double {
        { [self] in lock.withLock { now } }
    }
}
