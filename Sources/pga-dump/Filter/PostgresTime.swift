import Glibc
import WireProtocol

/// Time as the protocol carries it: microseconds since 2000-01-01 00:00:00 UTC (PROTOCOL.md
/// section 1), converted to and from UTC ISO-8601 text for people. The text comes from
/// WireProtocol's `PostgresTime`; the clock and the calendar input are pga-dump's own.
enum PostgresTime {
    /// Seconds from the Unix epoch to 2000-01-01 00:00:00 UTC.
    static let epochOffsetSeconds: Int64 = WireProtocol.PostgresTime.unixEpochOffsetSeconds

    /// Now, in microseconds since 2000.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec) - epochOffsetSeconds) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// `2026-11-03T10:15:00Z`, with `.ffffff` when the time has a fraction of a second.
    static func iso8601(_ micros: Int64) -> String {
        WireProtocol.PostgresTime.iso8601(micros)
    }

    /// Microseconds since 2000 for a UTC calendar time.
    static func micros(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return (Int64(timegm(&parts)) - epochOffsetSeconds) * 1_000_000
    }
}
