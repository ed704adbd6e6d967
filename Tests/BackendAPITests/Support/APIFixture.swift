import BackendAPI
import Ingest
import IngestTestSupport
import PostgresClient
import Prometheus
import Testing

/// A migrated scratch database and the HTTP API serving it on a free loopback port.
struct APIFixture {
    static let token = "test-admin-token-0123456789"

    let parameters: ConnectionParameters
    let port: Int
    let registry: PrometheusCollectorRegistry
    let server: HTTPServer

    var bearer: [String: String] { ["Authorization": "Bearer \(Self.token)"] }

    static func with<T>(adminToken: String? = token, databaseParameters: ConnectionParameters? = nil,
                        healthChecks: [HealthCheck] = [], server serverConfiguration: HTTPServerConfiguration = HTTPServerConfiguration(),
                        _ body: (APIFixture) async throws -> T) async throws -> T {
        try await MigratedDatabase.withAsync(prefix: "pga_api_", .migrated(), lockTimeoutMilliseconds: nil) { migrated in
            try await with(migrated.parameters, adminToken: adminToken, databaseParameters: databaseParameters,
                           healthChecks: healthChecks, server: serverConfiguration, body)
        }
    }

    private static func with<T>(_ parameters: ConnectionParameters, adminToken: String?, databaseParameters: ConnectionParameters?,
                                healthChecks: [HealthCheck], server serverConfiguration: HTTPServerConfiguration,
                                _ body: (APIFixture) async throws -> T) async throws -> T {
        let registry = PrometheusCollectorRegistry()
        let database = DatabaseExecutor(parameters: databaseParameters ?? parameters, threads: 2)
        let api = APIResponder(configuration: APIConfiguration(adminToken: adminToken, version: "test", healthCheckTimeoutSeconds: 20),
                               database: database, registry: registry, healthChecks: healthChecks)
        var configuration = serverConfiguration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, responder: api.respond)
        let port = try await server.start()
        let fixture = APIFixture(parameters: parameters, port: port, registry: registry, server: server)
        do {
            let value = try await body(fixture)
            await server.shutdown()
            await database.shutdown()
            return value
        } catch {
            await server.shutdown()
            await database.shutdown()
            throw error
        }
    }

    /// Runs SQL statements on the scratch database.
    func execute(_ sql: String, params: [String?] = []) throws {
        try MigratedDatabase(parameters: parameters).withConnection { connection in _ = try connection.query(sql, params: params) }
    }

    func register(_ id: String, name: String = "", hostname: String = "", region: String = "") throws {
        try MigratedDatabase(parameters: parameters).withConnection { connection in
            try CollectorStore().register(.init(id: id, name: name, hostname: hostname, region: region,
                                                certificateSerial: "0abc", certificateExpiresAt: 900_000_000_000_000), on: connection)
        }
    }

    func request(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) async throws -> RawHTTPClient.Response {
        try await httpRequest(port: port, method, target, headers: headers, body: body)
    }
}
