import ExecutableTestSupport
import Foundation
import Logging
import Shipper
import Spool
import Testing
import WireProtocol

/// Window, liveness and stopping, against a backend built from the TLS module.
@Suite struct SessionBehaviourTests {
    @Test func framesArePipelinedWithinTheWindow() async throws {
        try await ShipperSide.with { side in
            let written = try side.spool.append(200)
            let frameSize = written.values.map(\.count).max()!
            var behaviour = FakeBackend.Behaviour()
            behaviour.ackDelayMilliseconds = 30
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            try await side.ship(to: backend.port, windowFrames: 8, windowBytes: 1 << 20) {
                try await eventually("200 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 200 }
            }
            let state = backend.snapshot
            #expect(state.maxUnackedFrames == 8, "several frames in flight, never more than the window")
            #expect(state.maxUnackedBytes <= 8 * frameSize)
            await backend.stop()
        }
    }

    @Test func theBackendsByteLimitBoundsTheWindow() async throws {
        try await ShipperSide.with { side in
            let written = try side.spool.append(100)
            let frameSize = written.values.map(\.count).max()!
            var behaviour = FakeBackend.Behaviour()
            behaviour.ackDelayMilliseconds = 30
            behaviour.maxUnacknowledgedBytes = UInt32(3 * frameSize + frameSize / 2)
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            try await side.ship(to: backend.port, windowFrames: 64, windowBytes: 1 << 20) {
                try await eventually("100 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 100 }
            }
            let state = backend.snapshot
            #expect(state.maxUnackedBytes <= Int(behaviour.maxUnacknowledgedBytes), "\(state.maxUnackedBytes)")
            #expect(state.maxUnackedFrames == 3)
            await backend.stop()
        }
    }

    @Test func aSilentBackendIsDroppedAfterThreePingIntervals() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(3)
            var behaviour = FakeBackend.Behaviour()
            behaviour.silentAfterWelcome = true
            behaviour.pingIntervalMilliseconds = 100
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            try await side.ship(to: backend.port) {
                try await eventually("a second session", log: side.log) { backend.snapshot.welcomes >= 2 }
            }
            let errors = side.log.messages(atLeast: .error)
            #expect(errors.contains { $0.contains("sent nothing for 300 ms") }, "\(errors)")
            #expect(side.spool.spool.cursor.acknowledged == 0)
            await backend.stop()
        }
    }

    @Test func pingsWhenIdle() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(2)
            var behaviour = FakeBackend.Behaviour()
            behaviour.pingIntervalMilliseconds = 300
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            try await side.ship(to: backend.port) {
                try await eventually("pings while nothing is to be sent", log: side.log) { backend.snapshot.pingsReceived >= 3 }
            }
            await backend.stop()
        }
    }

    @Test func answersPingsAndSaysGoodbyeWhenStopped() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(3)
            var behaviour = FakeBackend.Behaviour()
            behaviour.pingAfterWelcome = true
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            let shipper = try await side.ship(to: backend.port) {
                try await eventually("3 acknowledged and the PING answered", log: side.log) {
                    side.spool.spool.cursor.acknowledged == 3 && backend.snapshot.pongs == 1
                }
            }
            try await eventually("GOODBYE received", log: side.log) { backend.snapshot.goodbyes == 1 }
            #expect(!shipper.status.connected)
            await backend.stop()
        }
    }

    @Test func storageTroubleIsLoggedOnceAndShippingContinues() async throws {
        try await ShipperSide.with { side in
            try side.spool.append(20)
            var behaviour = FakeBackend.Behaviour()
            behaviour.storageUnavailable = true
            let backend = try await FakeBackend.start(pki: side.pki, behaviour: behaviour)
            try await side.ship(to: backend.port) {
                try await eventually("20 acknowledged", log: side.log) { side.spool.spool.cursor.acknowledged == 20 }
            }
            let warnings = side.log.entries.filter { $0.level == .warning && $0.message.contains("database is unavailable") }
            #expect(warnings.count == 1, "\(warnings.map(\.message))")
            await backend.stop()
        }
    }

    @Test func followsASpoolThatWasReopened() async throws {
        let log = CapturingLog()
        let pki = try TestPKI()
        defer { pki.remove() }
        let directory = try TemporaryDirectory(prefix: "pga-shipper-")
        defer { directory.remove() }
        let options = SpoolOptions(fsync: .interval(milliseconds: 5), segmentBytes: 8192)
        let path = directory.file("spool")
        let current = SpoolBox(try Spool.open(directory: path, options: options))
        let backend = try await FakeBackend.start(pki: pki)
        let shipper = Shipper(configuration: testConfiguration(port: backend.port, pki: pki), spool: { current.spool }, logger: log.logger())
        try await withShipper(shipper) {
            try TestSpool.append(5, to: current.spool)
            try await eventually("5 acknowledged", log: log) { current.spool.cursor.acknowledged == 5 }
            // A reload that changed [spool]: the runner closes the spool and opens it again.
            try current.spool.close()
            current.spool = try Spool.open(directory: path, options: options)
            try TestSpool.append(5, to: current.spool)
            try await eventually("10 acknowledged", log: log) { current.spool.cursor.acknowledged == 10 }
        }
        #expect(Set(backend.snapshot.stored.keys) == Set(1...10))
        try current.spool.close()
        await backend.stop()
    }
}

/// The spool in use, replaced by a test as the collector's runner replaces it.
final class SpoolBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Spool

    init(_ spool: Spool) { value = spool }

    var spool: Spool {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
