import Testing
import WireProtocol

/// Feeds the same encoded stream to `MessageDecoder` in every kind of split (one byte at a time,
/// random splits, everything at once) and insists on the same messages, in the manner of
/// swift-nio's `ByteToMessageDecoderVerifier`.
@Suite struct MessageDecoderTests {
    static var stream: [UInt8] {
        SampleMessages.all.flatMap { $0.frame().bytes }
    }

    /// Decodes `chunks` in order, draining after every append.
    static func decodeAll(_ chunks: [ArraySlice<UInt8>]) throws(WireError) -> [Message] {
        var decoder = MessageDecoder()
        var messages: [Message] = []
        for chunk in chunks {
            decoder.append(chunk)
            while let message = try decoder.next() { messages.append(message) }
        }
        try decoder.finish()
        return messages
    }

    @Test func byteByByte() throws {
        let stream = Self.stream
        #expect(try Self.decodeAll(stream.indices.map { stream[$0...$0] }) == SampleMessages.all)
    }

    @Test func coalesced() throws {
        let stream = Self.stream
        #expect(try Self.decodeAll([stream[...]]) == SampleMessages.all)
        // Many copies of every frame in one append.
        let many = Array(repeating: stream, count: 20).flatMap { $0 }
        #expect(try Self.decodeAll([many[...]]) == Array(repeating: SampleMessages.all, count: 20).flatMap { $0 })
    }

    @Test func randomSplits() throws {
        var generator = SplitMix64(seed: 0x5041)
        let stream = Self.stream
        for _ in 0..<200 {
            var chunks: [ArraySlice<UInt8>] = []
            var start = 0
            while start < stream.count {
                let end = min(stream.count, start + Int.random(in: 0...97, using: &generator))
                chunks.append(stream[start..<end])
                start = end
            }
            #expect(try Self.decodeAll(chunks) == SampleMessages.all)
        }
    }

    @Test func nothingComesOutOfAPartialFrame() throws {
        let frame = Message.ping(Ping(nonce: 1)).frame().bytes
        var decoder = MessageDecoder()
        decoder.append(frame.dropLast())
        #expect(try decoder.next() == nil)
        expectError(.truncatedPayload, at: frame.count - 1, inPayload: false) { try decoder.finish() }
        var empty = MessageDecoder()
        #expect(try empty.next() == nil)
        try empty.finish()
    }

    @Test func payloadErrorsNameTheFrameInTheStream() {
        let good = Message.ping(Ping(nonce: 1)).frame().bytes
        let bad = Frame.make(type: .ack, rawPayload: be(UInt64(5)) + [0], compress: false).bytes
        var decoder = MessageDecoder()
        decoder.append(good + bad)
        do {
            #expect(try decoder.next() == .ping(Ping(nonce: 1)))
            _ = try decoder.next()
            Issue.record("the ACK with a trailing byte was accepted")
        } catch {
            #expect(error.code == .trailingBytes && error.offset == 8 && error.inPayload)
            #expect(error.streamOffset == good.count)
        }
    }

    @Test func limitsApplyToTheStream() {
        var decoder = MessageDecoder(limits: Limits(maxFramePayload: 4))
        decoder.append(Message.ack(Ack(committedThrough: 1)).frame().bytes)
        expectError(.frameTooLarge, at: 8, inPayload: false) { _ = try decoder.next() }
    }
}

/// A seeded generator, so that a failing split can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
