import Testing
import WireProtocol

@Suite struct PingTests {
    @Test func isOneU64() throws {
        let ping = Ping(nonce: 0x0123_4567_89AB_CDEF)
        #expect(ping.encodedPayload == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF])
        #expect(try roundTrip(.ping(ping)) == .ping(ping))
    }

    @Test func errors() {
        expectError(.truncatedField, at: 0) { _ = try decode(.ping, [1, 2, 3]) }
        expectError(.trailingBytes, at: 8) { _ = try decode(.ping, be(UInt64(1)) + [0, 0]) }
    }
}
