import Foundation
import Logging
import Shipper
import Spool
import TLS
import Testing
import WireProtocol

/// The shipper against a backend built from the TLS module, over real TLS sockets and a real spool.
@Suite struct ShippingTests {
    @Test func everyRecordArrivesOnceByteForByteAndAcksDeleteSegments() async throws {
        try await ShipperSide.with { side in
            let written = try side.spool.append(300)
            let segmentsBefore = side.spool.spool.stats.segmentCount
            #expect(segmentsBefore > 3)
            let backend = try await FakeBackend.start(pki: side.pki)
            let shipper = side.shipper(port: backend.port, windowFrames: 16, windowBytes: 4096)
            try await withShipper(shipper) {
                try await eventually("300 records acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 300 }
                // Sampling goes on while shipping: new records are tailed.
                let more = try side.spool.append(50)
                try await eventually("350 records acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 350 }
                let state = backend.snapshot
                #expect(state.stored.count == 350)
                #expect(state.storeCount.values.allSatisfy { $0 == 1 })
                for (sequence, bytes) in written.merging(more, uniquingKeysWith: { a, _ in a }) {
                    #expect(state.stored[sequence] == bytes, "sequence \(sequence) differs from the spool record")
                }
                let status = shipper.status
                #expect(status.connected)
                #expect(status.committedSequence == 350)
                #expect(status.backlogRecords == 0)
                #expect(status.collectorID == side.pki.collectorID)
            }
            // Every fully acknowledged sealed segment was deleted; the one being written stays.
            #expect(side.spool.spool.stats.segmentCount == 1, "\(side.spool.spool.stats)")
            let hello = try #require(backend.snapshot.hellos.first)
            #expect(hello.firstUnacknowledged == 1)
            #expect(hello.lastWritten == 300)
            #expect(hello.software == "pganalytics/test")
            await backend.stop()
        }
    }

    @Test func resumesAfterTheCommittedSequenceFromWelcome() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(50)
            let backend = try await FakeBackend.start(pki: side.pki)
            // The backend already committed 1...30 (a previous connection whose ACK was lost).
            backend.state.withLockedValue { $0.committed = 30 }
            try await side.ship(to: backend.port) {
                try await eventually("50 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 50 }
            }
            let state = backend.snapshot
            #expect(state.batchesReceived == 20, "records at or below the committed sequence are not sent")
            #expect(Set(state.stored.keys) == Set(31...50))
            await backend.stop()
        }
    }

    @Test func aDroppedConnectionIsResumedWithoutLossOrDuplicates() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(200)
            var behaviour = FakeBackend.Behaviour()
            behaviour.dropAfterBatches = 70
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            try await side.ship(to: backend.port, windowFrames: 32) {
                try await eventually("200 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 200 }
            }
            let state = backend.snapshot
            #expect(state.dropped)
            #expect(state.welcomes >= 2)
            #expect(Set(state.stored.keys) == Set(1...200))
            #expect(state.storeCount.values.allSatisfy { $0 == 1 })
            // The second HELLO reported what the spool still held.
            #expect(state.hellos.count >= 2)
            #expect(state.hellos[1].firstUnacknowledged <= 71)
            #expect(side.log.messages(atLeast: .info).contains("connected to the backend again"))
            await backend.stop()
        }
    }

    @Test func keepsSpoolingWhileTheBackendIsDownAndCatchesUp() async throws {
        try await ShipperSide.with { side in
            // Reserve a port, then close it: nothing listens there until the backend starts. It is
            // below the ephemeral range, so no outgoing connection takes it in the meantime.
            var reserved: FakeBackend?
            for _ in 0..<100 where reserved == nil {
                reserved = try? await FakeBackend.start(pki: side.pki, port: Int.random(in: 20_000..<32_000))
            }
            let probe = try #require(reserved)
            let port = probe.port
            await probe.stop()
            let shipper = side.shipper(port: port)
            try await withShipper(shipper) {
                try side.spool.append(40)
                try await eventually("a failure logged", log: side.log) { !side.log.messages(atLeast: .error).isEmpty }
                #expect(!shipper.status.connected)
                #expect(shipper.status.backlogRecords == 40)
                let failures = side.log.messages(atLeast: .error)
                #expect(failures.allSatisfy { $0.contains("cannot connect to the backend at 127.0.0.1:\(port)") }, "\(failures)")
                try side.spool.append(40)
                // The backend comes back on the same port.
                let backend = try await FakeBackend.start(pki: side.pki, port: port)
                try await eventually("80 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 80 }
                #expect(Set(backend.snapshot.stored.keys) == Set(1...80))
                await backend.stop()
            }
            // Retries do not repeat the same error line.
            #expect(side.log.messages(atLeast: .error).count == 1, "\(side.log.messages(atLeast: .error))")
        }
    }

    @Test func aRevokedCollectorIsRefusedAndSaysSoOnce() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(5)
            var behaviour = FakeBackend.Behaviour()
            behaviour.refuseHello = .collectorRevoked
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            let shipper = try await side.ship(to: backend.port) {
                try await eventually("three refused attempts", log: side.log) { backend.snapshot.hellos.count >= 3 }
            }
            let revoked = side.log.messages(atLeast: .error).filter { $0.hasPrefix("collector revoked by the backend: ") }
            #expect(revoked.count == 1, "\(side.log.entries.map(\.message))")
            #expect(revoked.first?.contains("test backend refuses \(side.pki.collectorID)") == true)
            #expect(side.spool.spool.cursor.acknowledged == 0, "nothing is acknowledged by a refused session")
            #expect(shipper.status.lastError?.hasPrefix("collector revoked by the backend") == true)
            await backend.stop()
        }
    }

    @Test func unknownFamiliesAreLoggedOnceAndShippingContinues() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(10, family: "future_family")
            try side.spool.append(10)
            try side.spool.append(10, family: "future_family")
            var behaviour = FakeBackend.Behaviour()
            behaviour.unknownFamily = "future_family"
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            try await side.ship(to: backend.port) {
                try await eventually("30 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 30 }
            }
            let warnings = side.log.entries.filter { $0.level == .warning && $0.message.contains("future_family") }
            #expect(warnings.count == 1, "\(warnings.map(\.message))")
            #expect(warnings.first?.message.contains("unknown_family") == true)
            await backend.stop()
        }
    }

    @Test func renewsACertificateNearItsEnd() async throws {
        // 100 days of validity with 10 left: due (less than a third).
        let validity = CertificateValidity.explicit(notBefore: unixNow - 90 * 86_400, notAfter: unixNow + 10 * 86_400)
        try await ShipperSide.with(pki: { try TestPKI(clientValidity: validity) }) { side in
            try side.spool.append(20)
            let oldCertificate = try Certificate(pemFile: side.pki.paths.certificate)
            let oldKey = try String(contentsOfFile: side.pki.paths.privateKey, encoding: .utf8)
            let backend = try await FakeBackend.start(pki: side.pki)
            let shipper = try await side.ship(to: backend.port) {
                try await eventually("20 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 20 }
            }
            let renewed = try Certificate(pemFile: side.pki.paths.certificate)
            #expect(renewed.serialNumberHex != oldCertificate.serialNumberHex)
            #expect(renewed.subjectCommonName == side.pki.collectorID)
            #expect(renewed.notAfter > oldCertificate.notAfter)
            #expect(try String(contentsOfFile: side.pki.paths.privateKey, encoding: .utf8) != oldKey)
            #expect(renewed.matches(try PrivateKey(pemFile: side.pki.paths.privateKey)))
            #expect(try fileMode(side.pki.paths.privateKey) == 0o600)
            #expect(!FileManager.default.fileExists(atPath: side.pki.paths.certificate + ".next"))
            let state = backend.snapshot
            #expect(state.renewals == 1)
            // The renewal connection used the old certificate; shipping, the new one.
            #expect(state.clientSerials.first == oldCertificate.serialNumberHex)
            #expect(state.clientSerials.last == renewed.serialNumberHex)
            #expect(side.log.messages(atLeast: .info).contains("certificate renewed"))
            #expect(shipper.status.certificateNotAfter == renewed.notAfter)
            await backend.stop()
        }
    }

    @Test func aRenewalInterruptedBetweenItsRenamesIsFinishedOnLoad() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        // The state a crash leaves after the key rename: new key in place, new certificate staged.
        let key = try PrivateKey.generateP256()
        let issued = try pki.ca.signClientCertificate(
            request: CertificateSigningRequest(commonName: "x", key: key), collectorID: pki.collectorID)
        try issued.certificate.write(toFile: pki.paths.certificate + ".next")
        try key.write(toFile: pki.paths.privateKey)
        let credentials = try Credentials.load(pki.paths)
        #expect(credentials.certificate == issued.certificate)
        #expect(!FileManager.default.fileExists(atPath: pki.paths.certificate + ".next"))
    }

    @Test func anExpiredCertificateSaysToRegisterAgain() async throws {
        let validity = CertificateValidity.explicit(notBefore: unixNow - 100 * 86_400, notAfter: unixNow - 86_400)
        try await ShipperSide.with(pki: { try TestPKI(clientValidity: validity) }) { side in
            let backend = try await FakeBackend.start(pki: side.pki)
            try await side.ship(to: backend.port) {
                try await eventually("the expiry logged", log: side.log) { !side.log.messages(atLeast: .error).isEmpty }
            }
            let error = try #require(side.log.messages(atLeast: .error).first)
            #expect(error.contains("expired"))
            #expect(error.contains("pganalytics register --force"))
            #expect(backend.snapshot.clientSerials.isEmpty, "no connection is attempted with it")
            await backend.stop()
        }
    }

    @Test func missingCredentialsSayWhatToDo() async throws {
        let pki = try TestPKI(clientValidity: nil)
        defer { pki.remove() }
        let error = #expect(throws: ShipperError.self) { try Credentials.load(pki.paths) }
        #expect(error?.code == .credentials)
        #expect(error?.message.contains(pki.paths.certificate) == true)
        #expect(error?.message.contains("pganalytics register") == true)
    }
}

/// A spool that was recreated (or restored from a backup) while the collector kept its identity.
@Suite struct RecreatedSpoolTests {
    @Test func newRecordsContinueAfterWhatTheBackendHolds() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(20)
            let backend = try await FakeBackend.start(pki: side.pki)
            backend.state.withLockedValue { $0.committed = 500 }
            try await side.ship(to: backend.port) {
                try await eventually("the sequence moved on", log: side.log) { side.spool.spool.nextSequence == 501 }
                try side.spool.append(10)
                try await eventually("510 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 510 }
            }
            #expect(Set(backend.snapshot.stored.keys) == Set(501...510))
            let errors = side.log.messages(atLeast: .error)
            #expect(errors.contains { $0.contains("committed sequence 500") && $0.contains("new records continue at 501") }, "\(errors)")
            await backend.stop()
        }
    }
}
