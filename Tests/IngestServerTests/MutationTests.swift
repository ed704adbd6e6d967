import Foundation
import Testing
import WireProtocol

/// Hostile input over live connections: random mutations of a valid BATCH frame. Each mutated
/// frame that the codec refuses is sent after HELLO on its own connection; the backend must
/// answer with an ERROR naming the check, keep serving, and commit nothing of it.
/// `PGA_MUTATIONS=10000` runs more than the default.
@Suite struct MutationTests {
    /// A BATCH with every column type, nulls and text, so mutations reach every check.
    static func richPayload() throws -> [UInt8] {
        let columns: [ColumnDescriptor] = [
            .init(name: "datid", type: .int8), .init(name: "datname", type: .text), .init(name: "numbackends", type: .int8),
            .init(name: "blk_read_time", type: .float8), .init(name: "stats_reset", type: .timestamptz),
            .init(name: "flag", type: .bool), .init(name: "amount", type: .numeric), .init(name: "blob", type: .bytea),
        ]
        var rows: [[Value]] = []
        for row in 0..<4 {
            let name: Value = row == 2 ? .null : .text("db\(row)")
            let amount: Value = .numeric(Numeric(Int64(row) * 1000))
            var values: [Value] = [.int8(Int64(row)), name, .int8(3), .float8(1.5), .timestamptz(TestBatch.now())]
            values += [.bool(row % 2 == 0), amount, .bytea([1, 2, UInt8(row)])]
            rows.append(values)
        }
        return try Batch(family: "pg_stat_database", sampledAt: TestBatch.now(), columns: columns, rows: rows).encodedPayload()
    }

    /// A frame the decoder refuses (throws on, at once or at end of stream), or nil.
    static func refused(_ bytes: [UInt8]) -> WireError? {
        var decoder = MessageDecoder()
        decoder.append(bytes)
        do {
            while try decoder.next() != nil {}
            try decoder.finish()
            return nil
        } catch {
            return error
        }
    }

    /// SplitMix64: the same mutations on every run.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Mutated frames the codec refuses: half with the payload mutated and the checksums
    /// recomputed (so the payload checks run), half with any byte of the frame mutated.
    static func mutations(count: Int, seed: UInt64) throws -> [(frame: [UInt8], error: WireError)] {
        let payload = try richPayload()
        var random = Random(state: seed)
        var found: [(frame: [UInt8], error: WireError)] = []
        while found.count < count {
            var bytes: [UInt8]
            if found.count % 2 == 0 {
                var mutated = payload
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    mutated[Int.random(in: 0..<mutated.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                bytes = Frame.make(type: .batch, sequence: 2, rawPayload: mutated, compress: Bool.random(using: &random), dictionary: true).bytes
            } else {
                bytes = Frame.make(type: .batch, sequence: 2, rawPayload: payload, compress: false).bytes
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            }
            // A frame whose length grew waits for bytes that never come: not a refusal on a live stream.
            guard let error = refused(bytes), error.code != .truncatedPayload, error.code != .truncatedHeader else { continue }
            found.append((bytes, error))
        }
        return found
    }

    @Test func mutatedFramesEndTheirConnectionsAndCommitNothing() async throws {
        let count = ProcessInfo.processInfo.environment["PGA_MUTATIONS"].flatMap(Int.init) ?? 60
        let mutations = try Self.mutations(count: count, seed: 0x7067_615F_6D75_7461)
        try await withServer { server in
            let id = uniqueCollectorID("mutation")
            try server.database.register([id] + mutations.indices.map { "\(id)-\($0)" })
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                func addNext() {
                    guard next < mutations.count else { return }
                    let mutation = mutations[next]
                    let collector = "\(id)-\(next)"
                    next += 1
                    group.addTask { try await Self.send(mutation.frame, expecting: mutation.error, as: collector, to: server) }
                }
                for _ in 0..<6 { addNext() }
                while try await group.next() != nil { addNext() }
            }
            // The backend still serves.
            let (client, _) = try await server.establish(id)
            client.send(TestBatch.message(1))
            try await client.awaitAck(1)
        }
    }

    static func send(_ frame: [UInt8], expecting expected: WireError, as collector: String, to server: TestServer) async throws {
        let (client, _) = try await server.establish(collector)
        client.sendRaw(frame)
        let error = try #require(try await client.nextError(), "\(expected): closed without an ERROR")
        #expect(error.fatal)
        #expect(error.message.contains(expected.code.name), "\(error.message) vs \(expected)")
        try await client.awaitClose()
        #expect(try server.database.committed(collector) == 0, "\(expected)")
        #expect(try server.database.scalar("SELECT count(*) FROM pganalytics.pg_stat_database WHERE collector_id = $1", [collector]) == 0)
    }
}
