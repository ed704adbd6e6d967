import Testing
@testable import WireProtocol

/// A long-lived stream decoder (one per backend connection) keeps only what its current frame
/// needs: the buffer a large frame grew is given back once the frame is consumed.
@Suite struct DecoderMemoryTests {
    static func largeFrame() -> [UInt8] {
        let text = String(repeating: "y", count: 1_000_000)
        let batch = try! Batch(family: "large", sampledAt: 0, columns: [.init(name: "t", type: .text)], rows: [[.text(text)]])
        return Message.batch(sequence: 1, batch).frame(compress: false).bytes
    }

    @Test func theBufferOfALargeFrameIsGivenBack() throws {
        var decoder = MessageDecoder()
        decoder.append(Self.largeFrame())
        #expect(decoder.bufferCapacity >= 1_000_000)
        guard case .batch = try decoder.next() else {
            Issue.record("the large frame did not decode")
            return
        }
        let ping = Message.ping(Ping(nonce: 1)).frame().bytes
        decoder.append(ping)
        #expect(decoder.bufferCapacity <= FrameDecoder.retainedCapacity)
        #expect(try decoder.next() == .ping(Ping(nonce: 1)))
        #expect(decoder.streamOffset == Self.largeFrame().count + ping.count)
    }

    @Test func smallFramesStayWithinTheRetainedCapacity() throws {
        var decoder = MessageDecoder()
        let ping = Message.ping(Ping(nonce: 7)).frame().bytes
        for _ in 0..<1_000 {
            decoder.append(ping)
            #expect(try decoder.next() == .ping(Ping(nonce: 7)))
        }
        #expect(decoder.bufferCapacity <= FrameDecoder.retainedCapacity)
        #expect(decoder.bufferedByteCount == 0)
    }
}
