import Glibc

/// Time as the protocol carries it: microseconds since 2000-01-01 00:00:00 UTC (PROTOCOL.md
/// section 1), converted to and from UTC ISO-8601 text for people.
enum PostgresTime {
    /// Seconds from the Unix epoch to 2000-01-01 00:00:00 UTC.
    static let epochOffsetSeconds: Int64 = 946_684_800

    /// Now, in microseconds since 2000.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec) - epochOffsetSeconds) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// `2026-11-03T10:15:00Z`, with `.ffffff` when the time has a fraction of a second.
    static func iso8601(_ micros: Int64) -> String {
        let (seconds, fraction) = floorDivide(micros, 1_000_000)
        var time = time_t(seconds + epochOffsetSeconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return "\(micros)µs" }
        var text = "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
        text += "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
        if fraction != 0 { text += "." + pad(Int(fraction), 6) }
        return text + "Z"
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

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
