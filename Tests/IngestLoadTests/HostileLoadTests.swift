import Foundation
import Ingest
import IngestLoad
import IngestServer
import IngestTestSupport
import Logging
import PostgresClient
import TLS
import Testing

/// `ingest-load hostile` with a small M against a listener in this process, on the test
/// cluster: every invalid vector and 200 mutations, each on its own live connection, end with
/// their ERROR or a clean close; nothing of them is committed; a valid collector is still served.
@Suite struct HostileLoadTests {
    static let vectors = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors").path

    @Test func invalidVectorsAndMutationsAreRefusedAndNothingIsStored() async throws {
        let backend = try await LoadTestBackend.start()
        do {
            var options = HostileRun.Options()
            options.mutations = 200
            options.vectorsDirectory = Self.vectors
            options.workers = 4
            options.idPrefix = "hostile-test-\(UInt32.random(in: 0...UInt32.max))"
            let report = try await HostileRun(target: backend.target, options: options).run()
            #expect(report.vectors >= 40)
            #expect(report.mutations == 200)
            #expect(report.outcomes.total == report.vectors + report.mutations)
            #expect(report.failures.total == 0, "\(report.failureExamples)")
            #expect(report.livenessProbe == nil, "\(report.livenessProbe ?? "")")
            #expect(report.committed.rows == 0)
            #expect(report.committed.samplesReceived == 0)
            #expect(report.committed.maxCommittedSequence == 0)
            // Most cases are answered with an ERROR; the incomplete ones end when the peer closes.
            let errors = report.outcomes.counts.filter { $0.key.hasPrefix("error:") }.values.reduce(0, +)
            #expect(errors > report.outcomes.total / 2, "\(report.outcomes)")
            #expect(report.passed)
        } catch {
            await backend.stop()
            throw error
        }
        await backend.stop()
    }

    /// The mutations are deterministic for a seed, and none of them decodes as a valid message.
    @Test func mutationsAreReproducibleAndNeverValid() {
        let round = RoundFrames(sampledAt: LoadClock.nowMicroseconds())
        let mutator = FrameMutator(frames: FrameMutator.standardFrames(round))
        let first = mutator.cases(count: 400, seed: 7)
        let second = mutator.cases(count: 400, seed: 7)
        #expect(first.cases.map(\.bytes) == second.cases.map(\.bytes))
        #expect(Set(first.cases.map(\.kind)) == Set(FrameMutator.kinds))
        for hostile in first.cases {
            #expect(HostileCase.expectation(for: hostile.bytes) == hostile.expectation, "\(hostile.name)")
        }
    }
}

/// A listener in this process with its own CA, on a migrated scratch database of the test cluster.
struct LoadTestBackend {
    let server: IngestServer
    let pool: WriterPool
    let target: LoadTarget

    static func start() async throws -> LoadTestBackend {
        let database = try scratchDatabase()
        let authority = try CertificateAuthority.create(commonName: "pgAnalytics Load Test CA")
        let serverKey = try PrivateKey.generateP256()
        let serverCertificate = try authority.issueServerCertificate(
            commonName: "pganalytics-api", subjectAlternativeNames: [.dns("localhost"), .ipAddress("127.0.0.1")], key: serverKey
        ).certificate
        let tls = TLSConfiguration.server(certificateChain: .certificates([serverCertificate]), privateKey: .key(serverKey),
                                          trustRoots: .certificates([authority.certificate]))
        var logger = Logger(label: "pganalytics.ingest.load-test")
        logger.logLevel = .critical
        let pool = WriterPool(parameters: database, configuration: WriterPoolConfiguration(writers: 1), logger: logger)
        let server = IngestServer(configuration: IngestServerConfiguration(tls: tls, host: "127.0.0.1", port: 0, controlThreads: 1),
                                  pool: pool, database: database, enrolment: nil, logger: logger)
        let port: Int
        do {
            port = try await server.start()
        } catch {
            await pool.shutdown()
            throw error
        }
        return LoadTestBackend(server: server, pool: pool, target: LoadTarget(
            host: "127.0.0.1", port: port, serverName: "localhost", authority: authority, database: database))
    }

    func stop() async {
        await server.shutdown()
        await pool.shutdown()
    }

    /// A migrated database of its own, with today's partitions.
    static func scratchDatabase() throws -> ConnectionParameters {
        try MigratedDatabase.create(prefix: "pga_ingest_load_", lockTimeoutMilliseconds: nil).parameters
    }
}
