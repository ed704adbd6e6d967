import Foundation
import Ingest
import IngestServer
import IngestTestSupport
import Logging
import Registration
import Shipper
import Spool
import TLS
import Testing
import WireProtocol

/// The real backend listener (IngestServer) with its writer pool, on `pki`'s server certificate.
struct RealBackend {
    let server: IngestServer
    let pool: WriterPool
    let port: Int

    static func start(
        pki: TestPKI, database: MigratedDatabase, port: Int = 0, enrolment: EnrolmentHooks? = nil
    ) async throws -> RealBackend {
        let configuration = IngestServerConfiguration(tls: pki.serverConfiguration(), host: "127.0.0.1", port: port, controlThreads: 1)
        var logger = Logger(label: "pganalytics.ingest.shipper-test")
        logger.logLevel = .critical
        let pool = WriterPool(parameters: database.parameters, configuration: WriterPoolConfiguration(writers: 1), logger: logger)
        let server = IngestServer(configuration: configuration, pool: pool, database: database.parameters, enrolment: enrolment, logger: logger)
        do {
            let bound = try await server.start()
            return RealBackend(server: server, pool: pool, port: bound)
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    /// Starts on a free port below the kernel's ephemeral range (32768 and up), for a test that
    /// restarts the backend on the same port: a port from that range may be taken in between as
    /// the source port of some outgoing connection.
    static func startOnStablePort(pki: TestPKI, database: MigratedDatabase) async throws -> RealBackend {
        var lastError: (any Error)?
        for _ in 0..<100 {
            do {
                return try await start(pki: pki, database: database, port: Int.random(in: 20_000..<32_000))
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }

    func stop() async {
        await server.shutdown()
        await pool.shutdown()
    }
}

/// The backend's registrar (REGISTER and RENEW: secret, rate limits, CSR checks, signing with
/// `pki`'s CA, the collector recorded in `database`), as the backend executable wires it.
struct TestRegistrar {
    static let secret = "a-registration-secret-for-tests"

    let registrar: Registrar
    let executor: DatabaseExecutor

    init(pki: TestPKI, database: MigratedDatabase) throws {
        executor = DatabaseExecutor(parameters: database.parameters, threads: 1)
        var logger = Logger(label: "pganalytics.registration.shipper-test")
        logger.logLevel = .critical
        registrar = try Registrar(
            configuration: RegistrarConfiguration(secret: Self.secret), authority: pki.ca, database: executor, logger: logger)
    }

    var hooks: EnrolmentHooks {
        let registrar = self.registrar
        return EnrolmentHooks(
            register: { request, peer in await registrar.register(request, peerAddress: peer) },
            renew: { request, id, peer in await registrar.renew(request, collectorID: id, peerAddress: peer) })
    }

    func stop() async {
        await executor.shutdown()
    }
}

extension TestSpool {
    /// Appends `count` one-row `host_load` batches (a family the backend stores) whose load1 is
    /// the record's sequence, so stored rows can be counted per sample.
    func appendHostLoad(_ count: Int) throws {
        let columns: [ColumnDescriptor] = [
            .init(name: "load1", type: .float8), .init(name: "load5", type: .float8), .init(name: "load15", type: .float8),
            .init(name: "runnable_tasks", type: .int8), .init(name: "total_tasks", type: .int8),
        ]
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let sampledAt = (Int64(now.tv_sec) - 946_684_800) * 1_000_000
        for _ in 0..<count {
            let sequence = spool.nextSequence
            let row: [Value] = [.float8(Double(sequence)), .float8(0.5), .float8(0.25), .int8(2), .int8(300)]
            let batch = try Batch(family: "host_load", sampledAt: sampledAt, columns: columns, rows: [row])
            try spool.append(Message.batch(sequence: sequence, batch).frame().bytes, samples: 1)
        }
    }
}
