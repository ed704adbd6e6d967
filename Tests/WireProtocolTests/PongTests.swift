import Testing
import WireProtocol

@Suite struct PongTests {
    @Test func echoesThePingNonce() throws {
        let pong = Pong(answering: Ping(nonce: 42))
        #expect(pong.nonce == 42)
        #expect(pong.encodedPayload == be(UInt64(42)))
        #expect(try roundTrip(.pong(pong)) == .pong(pong))
    }

    @Test func errors() {
        expectError(.truncatedField, at: 0) { _ = try decode(.pong, []) }
        expectError(.trailingBytes, at: 8) { _ = try decode(.pong, be(UInt64(1)) + [0]) }
    }
}
