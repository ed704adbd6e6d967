import Testing
import WireProtocol

@Suite struct TextPostgresTimeTests {
    @Test func epochIsMillenniumMidnight() {
        #expect(PostgresTime.iso8601(0) == "2000-01-01T00:00:00Z")
        #expect(PostgresTime.iso8601(0, fraction: .always) == "2000-01-01T00:00:00.000000Z")
    }

    @Test func fractionOnlyWhenNonZeroByDefault() {
        // 2025-11-03T10:20:30.123456Z
        let micros: Int64 = 815_480_430_123_456
        #expect(PostgresTime.iso8601(micros) == "2025-11-03T10:20:30.123456Z")
        #expect(PostgresTime.iso8601(micros - 123_456) == "2025-11-03T10:20:30Z")
        #expect(PostgresTime.iso8601(micros - 123_455, fraction: .always) == "2025-11-03T10:20:30.000001Z")
    }

    @Test func beforeTwoThousandRoundsDown() {
        #expect(PostgresTime.iso8601(-1) == "1999-12-31T23:59:59.999999Z")
        #expect(PostgresTime.iso8601(-PostgresTime.unixEpochOffsetSeconds * PostgresTime.microsecondsPerSecond) == "1970-01-01T00:00:00Z")
    }

    @Test func leapDays() {
        let day: Int64 = 86_400_000_000
        #expect(PostgresTime.iso8601(59 * day) == "2000-02-29T00:00:00Z")
        #expect(PostgresTime.iso8601(366 * day) == "2001-01-01T00:00:00Z")
    }

    @Test func extremesDoNotTrap() {
        #expect(PostgresTime.iso8601(.max).hasSuffix(".775807Z"))
        #expect(PostgresTime.iso8601(.min).hasSuffix(".224192Z"))
    }
}
