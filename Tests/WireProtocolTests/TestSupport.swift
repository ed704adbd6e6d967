import Testing
import WireProtocol

/// Big-endian bytes of an integer, for hand-built payloads that do not go through `ByteWriter`.
func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
}

/// A `string8` field.
func s8(_ text: String) -> [UInt8] { s8(Array(text.utf8)) }
func s8(_ bytes: [UInt8]) -> [UInt8] { [UInt8(bytes.count)] + bytes }
/// A `string16` field.
func s16(_ text: String) -> [UInt8] { be(UInt16(text.utf8.count)) + Array(text.utf8) }
/// A `bytes32` field.
func b32(_ bytes: [UInt8]) -> [UInt8] { be(UInt32(bytes.count)) + bytes }

/// Decodes `payload` as a message of `type`, through a real frame.
func decode(_ type: MessageType, _ payload: [UInt8], sequence: UInt64 = 0, limits: Limits = .default) throws(WireError) -> Message {
    try Message.decode(Frame.make(type: type, sequence: sequence, rawPayload: payload, compress: false), limits: limits)
}

/// Encodes `message` as frame bytes, parses them back and decodes the message.
func roundTrip(_ message: Message, compress: Bool = true) throws(WireError) -> Message {
    let bytes = message.frame(compress: compress).bytes
    return try Message.decode(try Frame.parse(bytes), limits: .default)
}

/// Expects `body` to throw exactly `code` at `offset`.
func expectError(
    _ code: WireError.Code, at offset: Int, inPayload: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(code) at offset \(offset), got no error", sourceLocation: sourceLocation)
    } catch let error as WireError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
        #expect(error.inPayload == inPayload, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a WireError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// One message of every type, with fields that exercise their encodings.
enum SampleMessages {
    static func databaseRow(_ row: Int) -> [Value] {
        let reset: Value = row % 3 == 0 ? .null : .timestamptz(817_300_800_000_000 - Int64(row))
        return [.text("db_\(row % 7)"), .int8(Int64(row) * 1000), .float8(Double(row) / 4), reset]
    }

    static let batch = try! Batch(
        family: "pg_stat_database", sampledAt: 817_300_800_000_000,
        columns: [
            ColumnDescriptor(name: "datname", type: .text), ColumnDescriptor(name: "xact_commit", type: .int8),
            ColumnDescriptor(name: "blk_read_time", type: .float8), ColumnDescriptor(name: "stats_reset", type: .timestamptz),
        ],
        rows: (0..<200).map(databaseRow))

    static let all: [Message] = [
        .hello(Hello(firstUnacknowledged: 1201, lastWritten: 1342, droppedRecords: 3, droppedSamples: 150,
                     software: "pganalytics/1.0.0", hostname: "db-01.example.net")),
        .welcome(Welcome(committedSequence: 1200, collectorID: "3f2b6c1e-8d4a-4c1b-9f0e-2a7d5b9c8e41",
                         maxFramePayload: 8 << 20, maxUnacknowledgedBytes: 16 << 20, pingIntervalMilliseconds: 15_000)),
        .batch(sequence: 1301, batch),
        .ack(Ack(committedThrough: 1342)),
        .error(ErrorMessage(code: .unknownFamily, sequence: 1301, message: "no table for family \"pg_future\"")),
        .ping(Ping(nonce: 0x0123_4567_89AB_CDEF)),
        .pong(Pong(nonce: 7)),
        .register(Register(secret: "s3cr3t", name: "db-01", hostname: "db-01.example.net", region: "eu-west",
                           csr: Array(0..<200))),
        .registered(Registered(collectorID: "3f2b6c1e", certificates: [Array(0..<100), Array(50..<80)],
                               caCertificate: Array(100..<250))),
        .renew(Renew(csr: Array(repeating: 0x30, count: 300))),
        .goodbye(Goodbye(message: "collector stopping")),
    ]
}
