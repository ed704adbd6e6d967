import IngestServer
import NIOCore
import NIOPosix
import Testing
import WireProtocol

/// The listener's bounds over real sockets: connections, unacknowledged bytes, timeouts.
@Suite struct LimitsTests {
    @Test func aConnectionBeyondTheLimitIsRefused() async throws {
        try await withServer(configure: { $0.maxConnections = 1 }) { server in
            let id = uniqueCollectorID("limit")
            try server.database.register(id)
            let (first, _) = try await server.establish(id)
            #expect(server.server.connectionCount == 1)
            let second = try await server.connect(uniqueCollectorID("limit"))
            let error = try #require(try await second.nextError())
            #expect(error.code == .tooManyConnections)
            #expect(error.message.contains("1 connections"))
            try await second.awaitClose()
            // The first is unaffected, and once it is gone a new one is admitted.
            first.send(TestBatch.message(1))
            try await first.awaitAck(1)
            await first.close()
            try await eventually("the first connection to be released") { server.server.connectionCount == 0 }
            let (third, _) = try await server.establish(id)
            await third.close()
        }
    }

    @Test func aSilentConnectionTimesOut() async throws {
        // Long enough for the test's own HELLO to get through on a loaded machine, where the
        // test task may wait seconds for a thread.
        try await withServer(configure: { $0.idleTimeout = .milliseconds(9_000) }) { server in
            let id = uniqueCollectorID("idle")
            try server.database.register(id)
            let (client, welcome) = try await server.establish(id)
            #expect(welcome.pingIntervalMilliseconds == 3_000)
            let error = try #require(try await client.nextError())
            #expect(error.code == .idleTimeout)
            #expect(error.fatal)
            #expect(error.message.contains("9000 ms"))
            try await client.awaitClose()
        }
    }

    @Test func aPeerThatStopsReadingIsTimedOutAndReleased() async throws {
        try await withServer(configure: {
            $0.idleTimeout = .milliseconds(6_000)
            $0.handshakeTimeout = .seconds(1)
        }) { server in
            let id = uniqueCollectorID("deaf")
            try server.database.register(id)
            let client = try await TestCollector.connect(port: server.port, tls: ServerPKI.shared.clientTLS(for: id), receiveBuffer: 4096)
            _ = try await client.hello()
            // It stops reading, then sends PINGs whose PONGs it never takes. Once the backend
            // has answered them all (or its answers back up and it stops reading), the
            // connection goes idle; the backend closes it even if its ERROR cannot be written.
            try await client.channel.setOption(.autoRead, value: false).get()
            let ping = Message.ping(Ping(nonce: 1)).frame().bytes
            client.sendRaw(Array([[UInt8]](repeating: ping, count: 5_000).joined()))
            try await eventually("the backend to release a peer that does not read", seconds: 120) { server.server.connectionCount == 0 }
            // (It may have noticed the close already.)
            try? await client.channel.setOption(.autoRead, value: true).get()
            try await waitFor(client.channel.closeFuture, "the collector to see the close")
        }
    }

    @Test func aPeerThatNeverCompletesTheTLSHandshakeIsClosed() async throws {
        try await withServer(configure: { $0.handshakeTimeout = .milliseconds(300) }) { server in
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: server.port).get()
            try await waitFor(channel.closeFuture, "the backend to close a silent connection")
        }
    }

    @Test func aCollectorThatFloodsIsHeldBackByTheUnacknowledgedBytesBound() async throws {
        let bound = 64 * 1024
        try await withServer(configure: { $0.maxUnacknowledgedBytes = bound }) { server in
            let id = uniqueCollectorID("flood")
            try server.database.register(id)
            let (client, _) = try await server.establish(id)
            let lock = try RowLock(server.database, collectorID: id)
            // 4,000 frames of 8 KB (16 MB, more than loopback's socket buffers hold), of a family
            // the backend does not store, so the test costs transactions but no COPY.
            let text = String(repeating: "x", count: 8_000)
            let payload = try Batch(family: "flood_test", sampledAt: TestBatch.now(), columns: [.init(name: "t", type: .text)],
                                    rows: [[.text(text)]]).encodedPayload()
            let frames = 4_000
            for start in stride(from: 1, through: frames, by: 500) {
                let bytes = (start..<start + 500).flatMap {
                    Frame.make(type: .batch, sequence: UInt64($0), rawPayload: payload, compress: false).bytes
                }
                client.sendRaw(bytes)
            }
            try await lock.awaitBlockedWriter()
            try await eventually("the backend to hold more than the bound") { server.server.unacknowledgedBytes > bound }
            // One read cycle (up to 4 reads of 64 KiB) and one frame may arrive past the bound.
            let ceiling = bound + 4 * 64 * 1024 + 9_000
            var highest = 0
            for _ in 0..<50 {
                highest = max(highest, server.server.unacknowledgedBytes)
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(highest <= ceiling, "held \(highest) bytes, bound \(bound)")
            // The rest is still with the collector (its socket and outbound buffer), not the backend.
            #expect(client.channel.isWritable == false)

            lock.release()
            var acknowledged: UInt64 = 0
            while acknowledged < UInt64(frames) {
                switch try await client.next(seconds: 60) {
                case .message(.ack(let ack)): acknowledged = ack.committedThrough
                case .message(.error(let error)) where error.code == .unknownFamily: continue
                case let other: throw TestTimeout(what: "ACK \(frames), got \(other)")
                }
            }
            #expect(try server.database.committed(id) == Int64(frames))
            try await eventually("the held bytes to be released") { server.server.unacknowledgedBytes == 0 }
        }
    }
}

/// Polls `condition` every 10 ms until it holds; throws after `seconds`.
func eventually(_ what: String, seconds: Int = 30, _ condition: () throws -> Bool) async throws {
    for _ in 0..<(seconds * 100) {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw TestTimeout(what: what)
}
