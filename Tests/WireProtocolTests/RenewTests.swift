import Testing
import WireProtocol

@Suite struct RenewTests {
    @Test func isOneBytes32() throws {
        let renew = Renew(csr: [0x30, 0x82, 0x01])
        #expect(renew.encodedPayload == b32([0x30, 0x82, 0x01]))
        #expect(try roundTrip(.renew(renew)) == .renew(renew))
    }

    @Test func errors() {
        expectError(.valueTooLong, at: 0) { _ = try decode(.renew, be(UInt32((16 << 10) + 1))) }
        expectError(.valueTooLong, at: 0) { _ = try decode(.renew, b32([1, 2, 3]), limits: Limits(maxCertificateBytes: 2)) }
        expectError(.truncatedField, at: 4) { _ = try decode(.renew, be(UInt32(3)) + [1]) }
        expectError(.trailingBytes, at: 5) { _ = try decode(.renew, b32([1]) + [2]) }
    }
}
