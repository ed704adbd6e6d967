/// A `--since` or `--until` value: an ISO-8601 time, or a time relative to now.
///
/// Accepted forms:
/// * `2026-11-03T10:15:00Z`, `2026-11-03T10:15:00.250+02:00`, `2026-11-03 10:15`, `2026-11-03`
///   (no zone means UTC);
/// * `-15m`, `-2h`, `-1h30m`, `-7d`, `-90s`, `-1w` (before now), and `now`.
enum TimeArgument {
    /// Microseconds since 2000, or nil when `text` is in no accepted form.
    static func parse(_ text: String, now: Int64 = PostgresTime.now()) -> Int64? {
        if text == "now" { return now }
        if text.hasPrefix("-") { return relative(text.dropFirst()).map { now - $0 } }
        return absolute(Array(text.utf8))
    }

    /// `15m`, `1h30m`: a duration in microseconds.
    private static func relative(_ text: Substring) -> Int64? {
        var total: Int64 = 0
        var number: Int64?
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = (number ?? 0) * 10 + Int64(digit)
                guard number! < 1_000_000_000 else { return nil }
                continue
            }
            let unit: Int64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            case "w": unit = 7 * 86_400
            default: return nil
            }
            guard let value = number else { return nil }
            total += value * unit * 1_000_000
            number = nil
        }
        return number == nil && total > 0 ? total : nil
    }

    /// `YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][Z|±HH:MM|±HHMM]`.
    private static func absolute(_ bytes: [UInt8]) -> Int64? {
        var scanner = DigitScanner(bytes: bytes)
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
              let day = scanner.number(2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction: Int64 = 0
        if scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") {
            guard let h = scanner.number(2), scanner.skip(":"), let m = scanner.number(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if scanner.skip(":") {
                guard let s = scanner.number(2), s < 61 else { return nil }
                second = s
                if scanner.skip(".") || scanner.skip(",") {
                    var scale: Int64 = 100_000
                    var digits = 0
                    while let digit = scanner.digit() {
                        fraction += Int64(digit) * scale
                        scale /= 10
                        digits += 1
                    }
                    guard digits > 0 else { return nil }
                }
            }
        }
        var zoneSeconds = 0
        if scanner.skip("Z") || scanner.skip("z") {
        } else if let sign = scanner.sign() {
            guard let zh = scanner.number(2) else { return nil }
            _ = scanner.skip(":")
            guard let zm = scanner.number(2), zh < 24, zm < 60 else { return nil }
            zoneSeconds = sign * (zh * 3600 + zm * 60)
        }
        guard scanner.atEnd else { return nil }
        let local = PostgresTime.micros(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return local + fraction - Int64(zoneSeconds) * 1_000_000
    }
}

/// Reads fixed-width numbers and separators from ASCII bytes.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func digit() -> Int? {
        guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func number(_ width: Int) -> Int? {
        var value = 0
        for _ in 0..<width {
            guard let d = digit() else { return nil }
            value = value * 10 + d
        }
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// +1 or -1 for a `+` or `-`, consumed.
    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
