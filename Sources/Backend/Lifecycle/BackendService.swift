import BackendAPI
import Ingest
import IngestServer
import Logging
import PostgresClient
import Prometheus
import Registration
import TLS

/// `pganalytics-api serve`: brings the schema up to date, then runs the writer pool, the
/// ingest listener, the HTTP API and partition maintenance until SIGTERM or SIGINT, and then
/// stops them in reverse order: the ingest listener first (it stops accepting, finishes and
/// acknowledges in-flight transactions, closes its connections), then the writer pool, then
/// the HTTP API.
public struct BackendService: Sendable {
    public let configuration: ServeConfiguration
    public let registry: PrometheusCollectorRegistry
    public let logger: Logger
    /// How often partitions are maintained after start-up.
    public var maintenanceInterval: Duration = .seconds(3600)

    public init(configuration: ServeConfiguration, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
    }

    /// Serves until `signal` fires; returns after a graceful shutdown.
    ///
    /// - Throws: `StartupError` when something cannot start (nothing is left running then).
    public func run(until signal: ShutdownSignal) async throws {
        try await SchemaSetup(database: configuration.database, logger: logger).migrate(until: signal)
        if let number = signal.received {
            logger.info("stopping before start-up finished", metadata: ["signal": "\(number)"])
            return
        }

        let database = DatabaseExecutor(parameters: configuration.database, threads: 2, label: "pga-api-db", logger: logger)
        let schedule = PartitionSchedule(
            maintainer: PartitionMaintainer(policy: PartitionPolicy(retentionDays: configuration.retentionDays), logger: logger),
            database: database, interval: maintenanceInterval, logger: logger)
        // On a new database the full window is hundreds of partitions (every family, every day
        // of retention). Today's and the coming days' come first so the listener opens at once;
        // the past days, which only a spool replaying an old outage needs, follow in the
        // background.
        await schedule.runOnce(daysBehind: 1)

        let pool = WriterPool(parameters: configuration.database, configuration: WriterPoolConfiguration(writers: configuration.writers),
                              logger: logger)
        let ingest: IngestServer
        let ingestPort: Int
        do {
            let enrolment = try makeEnrolment(database: database)
            ingest = IngestServer(configuration: try IngestWiring.configuration(configuration), pool: pool,
                                  database: configuration.database, enrolment: enrolment, logger: logger)
            ingestPort = try await ingest.start()
        } catch {
            await pool.shutdown()
            await database.shutdown()
            throw StartupError("the ingest listener could not start on port \(configuration.ingestPort): \(error)")
        }

        let api = APIResponder(
            configuration: APIConfiguration(adminToken: configuration.adminToken,
                                            statusPolicy: CollectorStatusPolicy(intervalSeconds: Double(configuration.collectorIntervalSeconds)),
                                            version: BackendVersion.current),
            database: database, registry: registry, logger: logger)
        let http = HTTPServer(configuration: HTTPServerConfiguration(port: configuration.httpPort), logger: logger, responder: api.respond)
        let httpPort: Int
        do {
            httpPort = try await http.start()
        } catch {
            await ingest.shutdown()
            await pool.shutdown()
            await database.shutdown()
            throw StartupError("the HTTP API could not start on port \(configuration.httpPort): \(error)")
        }
        let maintenance = schedule.start()
        logger.info("pganalytics-api serving", metadata: [
            "version": "\(BackendVersion.current)", "http_port": "\(httpPort)", "ingest_port": "\(ingestPort)",
            "registration": "\(configuration.registrationSecret == nil ? "disabled" : "enabled")",
            "admin_api": "\(configuration.adminToken == nil ? "disabled" : "enabled")",
        ])

        let number = await signal.wait()
        logger.info("shutting down", metadata: ["signal": "\(number)"])
        await ingest.shutdown()
        await pool.shutdown()
        await http.shutdown()
        maintenance.cancel()
        await database.shutdown()
        logger.info("stopped")
    }

    /// REGISTER and RENEW answered by a `Registrar` when the CA key is available.
    private func makeEnrolment(database: DatabaseExecutor) throws -> EnrolmentHooks? {
        guard let caKey = configuration.caKey else {
            logger.warning("no CA key: REGISTER and RENEW are refused", metadata: ["CA_KEY": "\(ServeConfiguration.directory(of: configuration.tlsCA))/ca.key"])
            return nil
        }
        let authority = try CertificateAuthority.load(certificatePath: configuration.tlsCA, keyPath: caKey)
        let registrar = try Registrar(configuration: RegistrarConfiguration(secret: configuration.registrationSecret),
                                      authority: authority, database: database, logger: logger)
        return EnrolmentHooks(
            register: { request, peer in await registrar.register(request, peerAddress: peer) },
            renew: { request, collectorID, peer in await registrar.renew(request, collectorID: collectorID, peerAddress: peer) })
    }
}

/// Why `serve` could not start.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
