#if canImport(Glibc)
import Glibc
#endif

/// A calendar day in UTC, counted in days since 1970-01-01; partitions are one such day each.
public struct UTCDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The day `year`-`month`-`day` (proleptic Gregorian).
    public init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// The day that holds `microsecondsSince2000` (the wire's and PostgreSQL's time).
    public init(microsecondsSince2000: Int64) {
        let days = Int((microsecondsSince2000 >= 0 ? microsecondsSince2000 : microsecondsSince2000 - 86_399_999_999) / 86_400_000_000)
        daysSinceEpoch = days + 10_957
    }

    /// Today, by the system clock.
    public static func today() -> UTCDay {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UTCDay(daysSinceEpoch: Int(spec.tv_sec) / 86_400)
    }

    /// Year, month (1–12), day (1–31).
    public var civil: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYYMMDD`, as in partition names.
    public var compact: String {
        let (year, month, day) = civil
        return pad(year, 4) + pad(month, 2) + pad(day, 2)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = civil
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Parses `YYYYMMDD`.
    public init?(compact text: some StringProtocol) {
        guard text.count == 8, text.allSatisfy(\.isASCII), let year = Int(text.prefix(4)),
              let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2)),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.init(year: year, month: month, day: day)
        guard civil == (year, month, day) else { return nil }
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> UTCDay { UTCDay(daysSinceEpoch: daysSinceEpoch + days) }

    public static func < (lhs: UTCDay, rhs: UTCDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
