import Ingest
import IngestServer
import IngestTestSupport
import Logging
import Metrics
import NIOCore
import PostgresClient
import TLS
import Testing
import WireProtocol

/// A listener on 127.0.0.1 with an ephemeral port, its own writer pool, on the shared database.
struct TestServer {
    let server: IngestServer
    let pool: WriterPool
    let port: Int
    let database: MigratedDatabase

    static func start(
        database: MigratedDatabase, enrolment: EnrolmentHooks? = nil, writers: Int = 1, metrics: (any MetricsFactory)? = nil,
        controlDatabase: ConnectionParameters? = nil, configure: (inout IngestServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        var configuration = IngestServerConfiguration(tls: ServerPKI.shared.serverTLS(), host: "127.0.0.1", port: 0, controlThreads: 1)
        configure(&configuration)
        var logger = Logger(label: "pganalytics.ingest.test")
        logger.logLevel = .critical
        let factory = metrics ?? MetricsSystem.factory
        let pool = WriterPool(parameters: database.parameters, configuration: WriterPoolConfiguration(writers: writers), logger: logger,
                              metricsFactory: factory)
        let server = IngestServer(configuration: configuration, pool: pool, database: controlDatabase ?? database.parameters,
                                  enrolment: enrolment, logger: logger, metricsFactory: factory)
        let port: Int
        do {
            port = try await server.start()
        } catch {
            await pool.shutdown()
            throw error
        }
        return TestServer(server: server, pool: pool, port: port, database: database)
    }

    /// Connects a collector with a fresh certificate for `collectorID`.
    func connect(_ collectorID: String) async throws -> TestCollector {
        try await TestCollector.connect(port: port, tls: ServerPKI.shared.clientTLS(for: collectorID))
    }

    /// Connects, says HELLO and expects WELCOME.
    func establish(_ collectorID: String) async throws -> (TestCollector, Welcome) {
        let client = try await connect(collectorID)
        let welcome = try await client.hello()
        return (client, welcome)
    }

    func stop() async {
        await server.shutdown()
        await pool.shutdown()
    }
}

/// Runs `body` with a started server, stopping it afterwards whatever happens.
func withServer<T>(
    enrolment: EnrolmentHooks? = nil, writers: Int = 1, metrics: (any MetricsFactory)? = nil, controlDatabase: ConnectionParameters? = nil,
    configure: (inout IngestServerConfiguration) -> Void = { _ in }, _ body: (TestServer) async throws -> T
) async throws -> T {
    let database = try MigratedDatabase.shared()
    let server = try await TestServer.start(database: database, enrolment: enrolment, writers: writers, metrics: metrics,
                                            controlDatabase: controlDatabase, configure: configure)
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}
