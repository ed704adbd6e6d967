import Testing
import WireProtocol

@Suite struct AckTests {
    @Test func isOneU64() throws {
        let ack = Ack(committedThrough: 1342)
        #expect(ack.encodedPayload == be(UInt64(1342)))
        #expect(try decode(.ack, be(UInt64(1342))) == .ack(ack))
        #expect(try roundTrip(.ack(Ack(committedThrough: .max))) == .ack(Ack(committedThrough: .max)))
    }

    @Test func errors() {
        expectError(.truncatedField, at: 0) { _ = try decode(.ack, Array(be(UInt64(5)).prefix(7))) }
        expectError(.trailingBytes, at: 8) { _ = try decode(.ack, be(UInt64(5)) + [0]) }
        expectError(.truncatedField, at: 0) { _ = try decode(.ack, []) }
    }
}
