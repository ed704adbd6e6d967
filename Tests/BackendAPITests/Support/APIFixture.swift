import BackendAPI
import Ingest
import Logging
import PostgresClient
import PostgresTestSupport
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
        var cluster = try PostgresTestEnvironment.parameters()
        cluster.statementTimeoutMilliseconds = 60_000
        let name = ScratchDatabase.randomName(prefix: "pga_api_")
        let admin = try PostgresConnection(cluster)
        try ScratchDatabase.create(name, on: admin)
        defer {
            ScratchDatabase.drop(name, on: admin)
            admin.close()
        }
        var parameters = cluster
        parameters.database = name
        let connection = try PostgresConnection(parameters)
        try Migrator(logger: Logger(label: "test")).migrate(connection)
        connection.close()

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
        let connection = try PostgresConnection(parameters)
        defer { connection.close() }
        _ = try connection.query(sql, params: params)
    }

    func register(_ id: String, name: String = "", hostname: String = "", region: String = "") throws {
        let connection = try PostgresConnection(parameters)
        defer { connection.close() }
        try CollectorStore().register(.init(id: id, name: name, hostname: hostname, region: region,
                                            certificateSerial: "0abc", certificateExpiresAt: 900_000_000_000_000), on: connection)
    }

    func request(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) async throws -> RawHTTPClient.Response {
        try await httpRequest(port: port, method, target, headers: headers, body: body)
    }
}
