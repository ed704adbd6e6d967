/// Time as the protocol and PostgreSQL carry it: microseconds since 2000-01-01 00:00:00 UTC
/// (PROTOCOL.md section 1), and its UTC ISO-8601 text for people.
public enum PostgresTime {
    /// Seconds from the Unix epoch (1970-01-01 00:00:00 UTC) to 2000-01-01 00:00:00 UTC.
    public static let unixEpochOffsetSeconds: Int64 = 946_684_800
    /// Microseconds in one second.
    public static let microsecondsPerSecond: Int64 = 1_000_000

    /// When ISO-8601 text carries the six digits of microseconds.
    public enum Fraction: Sendable {
        /// `.ffffff` only when the time is not a whole second: `2026-11-03T10:15:00Z`.
        case whenNonZero
        /// Always `.ffffff`: `2026-11-03T10:15:00.000000Z`.
        case always
    }

    /// `2026-11-03T10:15:00.123456Z` for `micros` microseconds since 2000-01-01 UTC, in the
    /// proleptic Gregorian calendar; the year has at least four digits. Any `Int64` is accepted.
    public static func iso8601(_ micros: Int64, fraction: Fraction = .whenNonZero) -> String {
        let (seconds2000, micro) = floorDivide(micros, microsecondsPerSecond)
        let seconds = seconds2000 + unixEpochOffsetSeconds
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        // Howard Hinnant's civil_from_days, from days since 1970-01-01.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var out = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        out += "T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if micro != 0 || fraction == .always { out += "." + pad(micro, 6) }
        return out + "Z"
    }

    /// Quotient and remainder rounded towards negative infinity (the remainder is never negative).
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// `value` in decimal, left-padded with zeros to `width` characters.
    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
