import Testing
import WireProtocol

@Suite struct RegisteredTests {
    static let certificate = Array(UInt8(0)..<200)
    static let ca = Array(UInt8(100)..<250)

    @Test func encodesTheFieldsOfSection68InOrder() throws {
        let registered = Registered(collectorID: "id", certificates: [Self.certificate, Self.ca], caCertificate: Self.ca)
        let expected = s8("id") + [2] + b32(Self.certificate) + b32(Self.ca) + b32(Self.ca)
        #expect(registered.encodedPayload == expected)
        #expect(try decode(.registered, expected) == .registered(registered))
    }

    @Test func roundTripsWithEightCertificates() throws {
        let registered = Registered(collectorID: "c", certificates: Array(repeating: [1, 2, 3], count: 8), caCertificate: [])
        #expect(try roundTrip(.registered(registered)) == .registered(registered))
    }

    @Test func certificateCountOutsideOneToLimitIsInvalidCount() {
        expectError(.invalidCount, at: 3) { _ = try decode(.registered, s8("id") + [0] + b32(Self.ca)) }
        expectError(.invalidCount, at: 3) { _ = try decode(.registered, s8("id") + [9] + Array(repeating: b32([1]), count: 10).flatMap { $0 }) }
        expectError(.invalidCount, at: 1) {
            _ = try decode(.registered, s8("") + [3] + b32([1]) + b32([1]) + b32([1]) + b32([1]), limits: Limits(maxCertificates: 2))
        }
    }

    @Test func certificateLargerThanTheLimitIsValueTooLong() {
        let big = Array(repeating: UInt8(0x30), count: (16 << 10) + 1)
        expectError(.valueTooLong, at: 4) { _ = try decode(.registered, s8("id") + [1] + b32(big) + b32([])) }
        expectError(.valueTooLong, at: 9) { _ = try decode(.registered, s8("id") + [1] + b32([7]) + b32(big)) }
    }

    @Test func missingCaCertificateIsTruncated() {
        expectError(.truncatedField, at: 9) { _ = try decode(.registered, s8("id") + [1] + b32([7])) }
    }
}
