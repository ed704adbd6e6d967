import Testing
import WireProtocol

@Suite struct WelcomeTests {
    @Test func encodesTheFieldsOfSection62InOrder() throws {
        let welcome = Welcome(version: 1, committedSequence: 1200, collectorID: "c-1",
                              maxFramePayload: 8 << 20, maxUnacknowledgedBytes: 16 << 20, pingIntervalMilliseconds: 15_000)
        let expected: [UInt8] = [1] + be(UInt64(1200)) + s8("c-1") + be(UInt32(8 << 20)) + be(UInt32(16 << 20)) + be(UInt32(15_000))
        #expect(welcome.encodedPayload == expected)
        #expect(try decode(.welcome, expected) == .welcome(welcome))
    }

    @Test func roundTrips() throws {
        let welcome = Welcome(committedSequence: 0, collectorID: "", maxFramePayload: .max,
                              maxUnacknowledgedBytes: 0, pingIntervalMilliseconds: 1)
        #expect(try roundTrip(.welcome(welcome)) == .welcome(welcome))
    }

    @Test func errors() {
        let valid: [UInt8] = [1] + be(UInt64(1)) + s8("id") + be(UInt32(1)) + be(UInt32(2)) + be(UInt32(3))
        expectError(.truncatedField, at: valid.count - 4) { _ = try decode(.welcome, Array(valid.dropLast())) }
        expectError(.trailingBytes, at: valid.count) { _ = try decode(.welcome, valid + [9]) }
        expectError(.invalidUTF8, at: 10) { _ = try decode(.welcome, [1] + be(UInt64(1)) + s8([0xC0, 0x80]) + be(UInt32(1)) + be(UInt32(2)) + be(UInt32(3))) }
    }
}
