import Foundation
import Ingest
import IngestServer
import IngestTestSupport
import Logging
import Shipper
import Spool
import TLS
import Testing
import WireProtocol

/// The shipper against the real backend listener, writer pool and PostgreSQL, over real TLS.
/// Enrolment and renewal go through the backend's own registrar.
@Suite struct EndToEndTests {
    @Test func everySampleArrivesExactlyOnceAndAcksDeleteSegments() async throws {
        try await ShipperSide.registered(records: 400) { database, side in
            let segments = side.spool.spool.stats.segmentCount
            #expect(segments > 3)
            let backend = try await RealBackend.start(pki: side.pki, database: database)
            try await side.ship(to: backend.port, windowFrames: 32) {
                try await eventually("400 acknowledged", seconds: 120, log: side.log) { side.spool.spool.cursor.acknowledged == 400 }
                try side.spool.appendHostLoad(100)
                try await eventually("500 acknowledged", seconds: 120, log: side.log) { side.spool.spool.cursor.acknowledged == 500 }
            }
            await backend.stop()
            let stored = try database.hostLoad(side.pki.collectorID)
            #expect(stored.rows == 500)
            #expect(stored.distinct == 500)
            #expect(try database.committed(side.pki.collectorID) == 500)
            #expect(side.spool.spool.stats.segmentCount == 1, "acknowledged sealed segments are deleted")
        }
    }

    /// After an outage: a backlog of thousands of records drains completely, exactly once, and
    /// the shipper reports the rate. `PGA_SHIPPER_BACKLOG` sets the size (the figure in
    /// docs/collector.md came from 20000).
    @Test func aLargeBacklogDrainsExactlyOnce() async throws {
        let count = Int(ProcessInfo.processInfo.environment["PGA_SHIPPER_BACKLOG"] ?? "") ?? 3000
        try await ShipperSide.registered(records: count, spool: { try TestSpool(segmentBytes: 1 << 20) }) { database, side in
            let backend = try await RealBackend.start(pki: side.pki, database: database)
            let log = side.log
            try await side.ship(to: backend.port, windowFrames: 1024, windowBytes: 8 << 20) {
                try await eventually("the backlog acknowledged", seconds: 600, log: log) { side.spool.spool.cursor.acknowledged == UInt64(count) }
                try await eventually("the drain reported", log: log) { log.messages(atLeast: .info).contains("backlog shipped") }
            }
            await backend.stop()
            let stored = try database.hostLoad(side.pki.collectorID)
            #expect(stored.rows == Int64(count))
            #expect(stored.distinct == Int64(count))
            let report = try #require(log.entries.first { $0.message == "backlog shipped" })
            #expect(report.metadata.contains("records=\(count)"), "\(report.metadata)")
            print("backlog of \(count) records shipped: \(report.metadata)")
        }
    }

    @Test func resumesAfterABackendRestartFromTheCommittedSequence() async throws {
        try await ShipperSide.registered(records: 300) { database, side in
            var backend = try await RealBackend.startOnStablePort(pki: side.pki, database: database)
            let port = backend.port
            let shipper = try await side.ship(to: port, windowFrames: 8, windowBytes: 4096) {
                try await eventually("some acknowledged", seconds: 120, log: side.log) { side.spool.spool.cursor.acknowledged >= 50 }
                // The backend goes away in the middle of shipping; the collector keeps sampling.
                await backend.stop()
                try side.spool.appendHostLoad(100)
                backend = try await RealBackend.start(pki: side.pki, database: database, port: port)
                try await eventually("400 acknowledged", seconds: 120, log: side.log) { side.spool.spool.cursor.acknowledged == 400 }
            }
            await backend.stop()
            let stored = try database.hostLoad(side.pki.collectorID)
            #expect(stored.rows == 400, "nothing lost, nothing twice")
            #expect(stored.distinct == 400)
            #expect(shipper.status.sessions >= 2)
        }
    }

    @Test func aNewSpoolWithOldRecordsSendsOnlyWhatTheBackendLacks() async throws {
        try await ShipperSide.registered(records: 50) { database, first in
            let backend = try await RealBackend.start(pki: first.pki, database: database)
            try await first.ship(to: backend.port) {
                try await eventually("50 acknowledged", seconds: 120, log: first.log) { first.spool.spool.cursor.acknowledged == 50 }
            }
            // A copy of the spool from before those ACKs (a collector killed before it persisted
            // them): its cursor is behind the backend's committed sequence.
            let replay = try TestSpool()
            defer { replay.remove() }
            try replay.appendHostLoad(60)
            let second = ShipperSide(pki: first.pki, spool: replay, log: first.log)
            try await second.ship(to: backend.port) {
                try await eventually("60 acknowledged", seconds: 120, log: second.log) { replay.spool.cursor.acknowledged == 60 }
            }
            await backend.stop()
            let stored = try database.hostLoad(first.pki.collectorID)
            #expect(stored.rows == 60)
            #expect(try database.committed(first.pki.collectorID) == 60)
        }
    }

    @Test func aRevokedCollectorIsRefusedAndSaysSo() async throws {
        try await ShipperSide.registered(records: 10, revoked: true) { database, side in
            let backend = try await RealBackend.start(pki: side.pki, database: database)
            let log = side.log
            try await side.ship(to: backend.port) {
                try await eventually("the refusal logged", seconds: 60, log: log) {
                    log.messages(atLeast: .error).contains { $0.hasPrefix("collector revoked by the backend: ") }
                }
                try await Task.sleep(for: .milliseconds(300))
            }
            await backend.stop()
            #expect(log.messages(atLeast: .error).filter { $0.hasPrefix("collector revoked") }.count == 1)
            #expect(side.spool.spool.cursor.acknowledged == 0)
            #expect(try database.hostLoad(side.pki.collectorID).rows == 0)
        }
    }

    @Test func renewalReplacesTheCertificateThroughTheBackend() async throws {
        let validity = CertificateValidity.explicit(notBefore: unixNow - 80 * 86_400, notAfter: unixNow + 10 * 86_400)
        try await ShipperSide.registered(records: 20, pki: { try TestPKI(clientValidity: validity) }) { database, side in
            let pki = side.pki
            let old = try Certificate(pemFile: pki.paths.certificate)
            let registrar = try TestRegistrar(pki: pki, database: database)
            let backend = try await RealBackend.start(pki: pki, database: database, enrolment: registrar.hooks)
            try await side.ship(to: backend.port) {
                try await eventually("20 acknowledged", seconds: 120, log: side.log) { side.spool.spool.cursor.acknowledged == 20 }
            }
            await backend.stop()
            await registrar.stop()
            let renewed = try Certificate(pemFile: pki.paths.certificate)
            #expect(renewed.serialNumberHex != old.serialNumberHex)
            #expect(renewed.subjectCommonName == pki.collectorID)
            #expect(renewed.matches(try PrivateKey(pemFile: pki.paths.privateKey)))
            #expect(try database.hostLoad(pki.collectorID).rows == 20)
        }
    }

    @Test func registerThenShip() async throws {
        let database = try MigratedDatabase.shared()
        try await ShipperSide.with(pki: { try TestPKI(clientValidity: nil) }) { side in
            let pki = side.pki
            let registrar = try TestRegistrar(pki: pki, database: database)
            let backend = try await RealBackend.start(pki: pki, database: database, enrolment: registrar.hooks)
            let request = Enrolment.Request(
                backend: BackendAddress(host: "127.0.0.1", port: backend.port), secret: TestRegistrar.secret, name: "db-07",
                hostname: "db-07.example",
                caCertificate: pki.caPath, serverName: TestPKI.serverName)
            let wrong = await #expect(throws: ShipperError.self) {
                var bad = request
                bad.secret = "wrong"
                return try await Enrolment().register(bad, storeAt: pki.paths)
            }
            #expect(wrong?.backendCode == ErrorCode.authenticationFailed.rawValue)
            let result = try await Enrolment().register(request, storeAt: pki.paths)

            try side.spool.appendHostLoad(15)
            let shipper = try await side.ship(to: backend.port) {
                try await eventually("15 acknowledged", seconds: 120, log: side.log) { side.spool.spool.cursor.acknowledged == 15 }
            }
            await backend.stop()
            await registrar.stop()
            #expect(try database.hostLoad(result.collectorID).rows == 15)
            #expect(shipper.status.collectorID == result.collectorID)
        }
    }
}
