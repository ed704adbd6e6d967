import Testing
import WireProtocol

@Suite struct HelloTests {
    static let prefix: [UInt8] = [1, 1] + be(UInt64(0)) + be(UInt64(0)) + be(UInt64(0)) + be(UInt64(0))

    @Test func encodesTheFieldsOfSection61InOrder() throws {
        let hello = Hello(minVersion: 1, maxVersion: 1, firstUnacknowledged: 1201, lastWritten: 1342,
                          droppedRecords: 3, droppedSamples: 150, software: "pganalytics/1.0.0", hostname: "db-01")
        let expected: [UInt8] = [1, 1] + be(UInt64(1201)) + be(UInt64(1342)) + be(UInt64(3)) + be(UInt64(150))
            + s8("pganalytics/1.0.0") + s8("db-01")
        #expect(hello.encodedPayload == expected)
        #expect(try decode(.hello, expected) == .hello(hello))
    }

    @Test func roundTrips() throws {
        let hello = Hello(minVersion: 1, maxVersion: 3, firstUnacknowledged: .max, lastWritten: 0,
                          software: "pganalytics/1.0.0 ✓", hostname: "")
        #expect(try roundTrip(.hello(hello)) == .hello(hello))
    }

    @Test func maxVersionBelowMinIsInvalidVersionRange() {
        expectError(.invalidVersionRange, at: 1) { _ = try decode(.hello, [2, 1] + Self.prefix.dropFirst(2) + s8("x") + s8("h")) }
    }

    @Test func invalidUTF8InSoftwareNamesTheByte() {
        expectError(.invalidUTF8, at: Self.prefix.count + 1 + 12) {
            _ = try decode(.hello, Self.prefix + s8(Array("pganalytics/".utf8) + [0xFF]) + s8("h"))
        }
    }

    @Test func nulInHostnameNamesTheByte() {
        expectError(.nulInString, at: Self.prefix.count + 3 + 1 + 2) {
            _ = try decode(.hello, Self.prefix + s8("sw") + s8([0x61, 0x62, 0x00]))
        }
    }

    @Test func truncatedAndTrailing() {
        expectError(.truncatedField, at: Self.prefix.count + 1) { _ = try decode(.hello, Self.prefix + [5, 0x61]) }
        expectError(.truncatedField, at: 10) { _ = try decode(.hello, Array(Self.prefix.prefix(12))) }
        let full = Self.prefix + s8("a") + s8("b")
        expectError(.trailingBytes, at: full.count) { _ = try decode(.hello, full + [0]) }
    }

    @Test func informationalStringsAreFittedToTheirField() throws {
        let long = String(repeating: "é", count: 200)  // 400 bytes
        let hello = Hello(firstUnacknowledged: 0, lastWritten: 0, software: long, hostname: "a\u{0}b")
        #expect(hello.software.utf8.count == 254)
        #expect(hello.hostname == "ab")
        #expect(try roundTrip(.hello(hello)) == .hello(hello))
    }
}
