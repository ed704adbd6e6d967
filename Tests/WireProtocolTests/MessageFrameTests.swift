import Testing
import WireProtocol

@Suite struct MessageFrameTests {
    @Test func everyMessageRoundTripsCompressedOrNot() throws {
        for message in SampleMessages.all {
            #expect(try roundTrip(message, compress: true) == message, "\(message.type)")
            #expect(try roundTrip(message, compress: false) == message, "\(message.type)")
        }
    }

    @Test func typeByteAndSequenceFollowTheMessage() {
        for message in SampleMessages.all {
            let frame = message.frame()
            #expect(frame.header.type == message.type)
            if case .batch(let sequence, _) = message {
                #expect(frame.header.sequence == sequence)
            } else {
                #expect(frame.header.sequence == 0)
            }
        }
    }

    @Test func batchesAreCompressedAndControlMessagesNever() {
        for message in SampleMessages.all {
            let frame = message.frame(compress: true)
            #expect(frame.header.isCompressed == (message.type == .batch), "\(message.type)")
            #expect(!message.frame(compress: false).header.isCompressed)
        }
        // Even a control message that would compress well is sent as is.
        let repetitive = Message.goodbye(Goodbye(message: String(repeating: "a", count: 4000)))
        #expect(!repetitive.frame(compress: true).header.isCompressed)
        let batchFrame = Message.batch(sequence: 1, SampleMessages.batch).frame()
        #expect(batchFrame.payload.count < Int(batchFrame.header.rawLength))
    }

    @Test func aCompressedControlFrameIsStillAccepted() throws {
        let payload = Goodbye(message: String(repeating: "a", count: 4000)).encodedPayload
        let frame = Frame.make(type: .goodbye, rawPayload: payload, compress: true)
        #expect(frame.header.isCompressed)
        #expect(try Message.decode(frame) == .goodbye(Goodbye(message: String(repeating: "a", count: 4000))))
    }

    @Test func unknownTypeIsReportedAtOffset3() {
        let frame = Frame.make(rawType: 0x42, rawPayload: be(UInt64(5)), compress: false)
        expectError(.unknownMessageType, at: 3, inPayload: false) { _ = try Message.decode(frame) }
        let zero = Frame.make(rawType: 0, rawPayload: [], compress: false)
        expectError(.unknownMessageType, at: 3, inPayload: false) { _ = try Message.decode(zero) }
    }

    @Test func onlyBatchCarriesASequence() {
        let ping = Frame.make(type: .ping, sequence: 5, rawPayload: be(UInt64(1)), compress: false)
        expectError(.sequenceNotAllowed, at: 16, inPayload: false) { _ = try Message.decode(ping) }
        let batch = Frame.make(type: .batch, sequence: 0, rawPayload: SampleMessages.batch.encodedPayload(), compress: false)
        expectError(.missingSequence, at: 16, inPayload: false) { _ = try Message.decode(batch) }
    }

    @Test func theLargestSequenceRoundTrips() throws {
        let message = Message.batch(sequence: .max, SampleMessages.batch)
        #expect(try roundTrip(message) == message)
    }

    @Test func payloadErrorsCarryPayloadOffsetsEvenWhenCompressed() {
        var payload = SampleMessages.batch.encodedPayload()
        payload[0] = 0  // empty family name
        let frame = Frame.make(type: .batch, sequence: 1, rawPayload: payload, compress: true)
        #expect(frame.header.isCompressed)
        expectError(.invalidName, at: 0) { _ = try Message.decode(frame) }
    }

    @Test func decompressionFailureComesBeforeTheTypeCheck() throws {
        // An unknown type whose LZ4 block produces more than its declared raw length: step 10 fails first.
        let good = Frame.make(rawType: 0x42, rawPayload: Array(repeating: 7, count: 500), compress: true)
        let header = FrameHeader(rawType: 0x42, flags: FrameHeader.compressedFlag, payloadLength: good.header.payloadLength,
                                 rawLength: 10, sequence: 0, payloadCRC: good.header.payloadCRC)
        let frame = try Frame.parse(header.encoded + good.payload)
        expectError(.decompressionFailed, at: 32, inPayload: false) { _ = try Message.decode(frame) }
    }
}
