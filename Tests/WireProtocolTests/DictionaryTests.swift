import Foundation
import Testing
import WireProtocol

/// The v1 LZ4 dictionary (PROTOCOL.md section 3.3): the bytes embedded in the codec are the
/// committed file's, and frames that use it round-trip.
@Suite struct DictionaryTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/dictionary-v1.bin")

    @Test func embeddedBytesAreTheCommittedFile() throws {
        let committed = try [UInt8](Data(contentsOf: Self.file))
        #expect(LZ4Block.dictionaryV1 == committed)
        #expect(committed.count == 6929)
        #expect(CRC32C.checksum(committed) == LZ4Block.dictionaryV1CRC)
        #expect(LZ4Block.dictionaryV1CRC == 0xC4AE_D6D9)
    }

    @Test func batchFramesUseTheDictionaryAndRoundTrip() throws {
        let batch = try Batch(family: "pg_stat_database", sampledAt: 1,
                              columns: [ColumnDescriptor(name: "datname", type: .text), ColumnDescriptor(name: "xact_commit", type: .int8)],
                              rows: [[.text("postgres"), .int8(12)], [.text("app"), .int8(99_000)]])
        let frame = Message.batch(sequence: 4, batch).frame()
        #expect(frame.header.isCompressed && frame.header.usesDictionary && frame.header.flags == 0x03)
        #expect(try Message.decode(Frame.parse(frame.bytes)) == .batch(sequence: 4, batch))
        var decoder = MessageDecoder()
        decoder.append(frame.bytes)
        #expect(try decoder.next() == .batch(sequence: 4, batch))
    }

    @Test func dictionaryFlagNeedsTheCompressionFlag() throws {
        var header = FrameHeader(rawType: MessageType.ack.rawValue, flags: FrameHeader.dictionaryFlag,
                                 payloadLength: 8, rawLength: 8, sequence: 0, payloadCRC: CRC32C.checksum(be(UInt64(5))))
        expectError(.reservedBitsSet, at: 4, inPayload: false) { () throws(WireError) in _ = try FrameHeader.parse(header.encoded) }
        header.flags = 0x04
        expectError(.reservedBitsSet, at: 4, inPayload: false) { () throws(WireError) in _ = try FrameHeader.parse(header.encoded) }
    }

    @Test func aDictionaryBlockNeedsTheDictionary() throws {
        let payload = try Batch(family: "pg_stat_statements", sampledAt: 1, columns: [ColumnDescriptor(name: "calls", type: .int8)],
                                rows: [[.int8(1)]]).encodedPayload()
        let block = try #require(payload.withUnsafeBytes { LZ4Block.compress($0, dictionary: LZ4Block.dictionaryV1) })
        let restored = try block.withWireBytes { (raw) throws(WireError) -> [UInt8] in
            try LZ4Block.decompress(raw, rawLength: payload.count, dictionary: LZ4Block.dictionaryV1)
        }
        #expect(restored == payload)
        expectError(.decompressionFailed, at: 32, inPayload: false) { () throws(WireError) in
            _ = try block.withWireBytes { (raw) throws(WireError) -> [UInt8] in try LZ4Block.decompress(raw, rawLength: payload.count) }
        }
    }
}
