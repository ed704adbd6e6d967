import Testing
import WireProtocol

@Suite struct RegisterTests {
    static let csr = Array(repeating: Array(UInt8(0)..<48), count: 4).flatMap { $0 }

    @Test func encodesTheFieldsOfSection67InOrder() throws {
        let register = Register(secret: "s3cr3t", name: "db-01", hostname: "db-01.example.net", region: "eu-west", csr: Self.csr)
        let expected = s16("s3cr3t") + s8("db-01") + s8("db-01.example.net") + s8("eu-west") + b32(Self.csr)
        #expect(register.encodedPayload == expected)
        #expect(try decode(.register, expected) == .register(register))
    }

    @Test func roundTripsWithEmptyOptionalFields() throws {
        let register = Register(secret: "", hostname: "h", csr: [])
        #expect(try roundTrip(.register(register)) == .register(register))
    }

    @Test func csrLargerThanTheLimitIsRefusedFromItsLength() {
        let prefix = s16("s") + s8("") + s8("h") + s8("")
        expectError(.valueTooLong, at: 7) { _ = try decode(.register, prefix + b32(Array(repeating: 0x30, count: (16 << 10) + 1))) }
        expectError(.valueTooLong, at: 7) { _ = try decode(.register, prefix + be(UInt32.max)) }
        expectError(.truncatedField, at: 11) { _ = try decode(.register, prefix + be(UInt32(10)) + [1, 2]) }
    }

    @Test func secretLongerThanTheString16LimitIsValueTooLong() {
        expectError(.valueTooLong, at: 0) {
            _ = try decode(.register, s16(String(repeating: "s", count: 4097)) + s8("") + s8("h") + s8("") + b32([]))
        }
    }

    @Test func trailingBytes() {
        let payload = s16("s") + s8("") + s8("h") + s8("") + b32([1])
        expectError(.trailingBytes, at: payload.count) { _ = try decode(.register, payload + [0]) }
    }
}
