#if canImport(Glibc)
import Glibc
#endif

/// The time range and interval a query runs with, as Grafana computes them.
struct GrafanaTimeRange: Sendable {
    /// Milliseconds since the Unix epoch.
    var fromMilliseconds: Int64
    var toMilliseconds: Int64
    /// `$__interval` in milliseconds.
    var intervalMilliseconds: Int64

    /// The interval a panel gets: the range over `maxDataPoints`, rounded as Grafana's
    /// `rangeUtil.roundInterval` does, and no less than the data source's minimum (`timeInterval`).
    init(fromMilliseconds: Int64, toMilliseconds: Int64, maxDataPoints: Int64 = 1000, minimumIntervalMilliseconds: Int64) {
        self.fromMilliseconds = fromMilliseconds
        self.toMilliseconds = toMilliseconds
        let raw = max(1, (toMilliseconds - fromMilliseconds) / max(1, maxDataPoints))
        intervalMilliseconds = max(Self.round(raw), minimumIntervalMilliseconds)
    }

    init(fromMilliseconds: Int64, toMilliseconds: Int64, intervalMilliseconds: Int64) {
        self.fromMilliseconds = fromMilliseconds
        self.toMilliseconds = toMilliseconds
        self.intervalMilliseconds = intervalMilliseconds
    }

    /// Grafana's interval rounding table (`rangeUtil.roundInterval`).
    static func round(_ milliseconds: Int64) -> Int64 {
        let table: [(below: Int64, value: Int64)] = [
            (10, 1), (15, 10), (35, 20), (75, 50), (150, 100), (350, 200), (750, 500), (1500, 1000),
            (3500, 2000), (7500, 5000), (12500, 10000), (17500, 15000), (25000, 20000), (45000, 30000),
            (90000, 60000), (210000, 120000), (450000, 300000), (750000, 600000), (1050000, 900000),
            (1500000, 1200000), (2700000, 1800000), (5400000, 3600000), (9000000, 7200000),
            (16200000, 10800000), (32400000, 21600000), (86400000, 43200000), (604800000, 86400000),
            (1814400000, 604800000), (3628800000, 2592000000),
        ]
        return table.first { milliseconds < $0.below }?.value ?? 31536000000
    }

    /// `$__interval` as text: `500ms`, `30s`, `1m`, `2h`, `1d`.
    var intervalText: String { GrafanaDuration.text(milliseconds: intervalMilliseconds) }
}

/// Grafana's duration strings (`gtime.ParseInterval` and the frontend's interval text).
enum GrafanaDuration {
    static func text(milliseconds: Int64) -> String {
        let units: [(Int64, String)] = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s")]
        for (size, suffix) in units where milliseconds >= size && milliseconds % size == 0 {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }

    /// Milliseconds of `1m`, `30s`, `500ms`, `2h`, `1d`, `1w`; nil when it is not a duration.
    static func parse(_ text: String) -> Int64? {
        let digits = text.prefix { $0.isNumber }
        guard let count = Int64(digits) else { return nil }
        switch text.dropFirst(digits.count) {
        case "ms": return count
        case "s", "": return count * 1000
        case "m": return count * 60_000
        case "h": return count * 3_600_000
        case "d": return count * 86_400_000
        case "w": return count * 604_800_000
        case "y": return count * 31_536_000_000
        default: return nil
        }
    }
}

/// A template variable's current value.
enum GrafanaVariableValue: Sendable, Equatable {
    /// A single-value variable: inserted as is (the SQL data sources do not quote it).
    case single(String)
    /// A multi-value or include-All variable: each value quoted as an SQL literal, joined by commas.
    case multiple([String])
}

/// Why an expansion failed.
struct GrafanaInterpolationError: Error, CustomStringConvertible {
    var description: String
}

/// Expands a panel's SQL as Grafana 10 does before the PostgreSQL data source runs it:
/// first the template variables and built-ins (`$var`, `${var}`, `${var:format}`, `[[var]]`,
/// `$__interval`, `$__interval_ms`, `$__range_s`...), then the global SQL substitutions
/// (`$__unixEpochFrom()`, `$__unixEpochTo()`), then the PostgreSQL macros (`$__timeFilter(col)`,
/// `$__timeGroup(col, interval)`, `$__timeGroupAlias`, `$__time`, `$__timeEpoch`, `$__timeFrom()`,
/// `$__timeTo()`, `$__unixEpochFilter`, `$__unixEpochGroup`...). An unknown macro or variable
/// is an error, as it would be a broken panel in Grafana.
struct GrafanaInterpolation: Sendable {
    var range: GrafanaTimeRange
    var variables: [String: GrafanaVariableValue] = [:]

    func expand(_ sql: String) throws -> String {
        let templated = try replaceVariables(sql)
        let global = templated
            .replacingAll("$__unixEpochFrom()", with: String(range.fromMilliseconds / 1000))
            .replacingAll("$__unixEpochTo()", with: String(range.toMilliseconds / 1000))
        return try replaceMacros(global)
    }

    // MARK: template variables (the frontend's templateSrv.replace)

    private var builtIns: [String: String] {
        let span = range.toMilliseconds - range.fromMilliseconds
        return [
            "__interval": range.intervalText,
            "__interval_ms": String(range.intervalMilliseconds),
            "__from": String(range.fromMilliseconds),
            "__to": String(range.toMilliseconds),
            "__range": GrafanaDuration.text(milliseconds: span),
            "__range_s": String(span / 1000),
            "__range_ms": String(span),
        ]
    }

    private func replaceVariables(_ sql: String) throws -> String {
        let characters = Array(sql)
        var out = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "$" || (character == "[" && index + 1 < characters.count && characters[index + 1] == "[") {
                if let (name, format, length) = Self.variableReference(characters, at: index) {
                    let isMacroCall = index + length < characters.count && characters[index + length] == "("
                    if let value = try value(of: name, format: format) {
                        out += value
                        index += length
                        continue
                    }
                    // `$__timeFilter(...)` and the like are macros for the data source.
                    guard name.hasPrefix("__"), isMacroCall || ["__timeGroupAlias", "__timeFilter"].contains(name) else {
                        throw GrafanaInterpolationError(description: "unknown variable `\(String(characters[index..<index + length]))`")
                    }
                    out += String(characters[index..<index + length])
                    index += length
                    continue
                }
            }
            out.append(character)
            index += 1
        }
        return out
    }

    /// `$name`, `${name}`, `${name:format}` or `[[name]]` at `start`: the name, format and length.
    private static func variableReference(_ text: [Character], at start: Int) -> (String, String?, Int)? {
        func word(from position: Int) -> String {
            var end = position
            while end < text.count, text[end].isLetter || text[end].isNumber || text[end] == "_" { end += 1 }
            return String(text[position..<end])
        }
        if text[start] == "[" {
            let name = word(from: start + 2)
            guard !name.isEmpty, start + 2 + name.count + 1 < text.count,
                  text[start + 2 + name.count] == "]", text[start + 3 + name.count] == "]" else { return nil }
            return (name, nil, name.count + 4)
        }
        guard start + 1 < text.count else { return nil }
        if text[start + 1] == "{" {
            guard let close = text[(start + 2)...].firstIndex(of: "}") else { return nil }
            let inner = String(text[(start + 2)..<close])
            let parts = inner.split(separator: ":", maxSplits: 1).map(String.init)
            guard let name = parts.first, !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? parts[1] : nil, close - start + 1)
        }
        let name = word(from: start + 1)
        return name.isEmpty ? nil : (name, nil, name.count + 1)
    }

    private func value(of name: String, format: String?) throws -> String? {
        if let builtIn = builtIns[name] { return builtIn }
        guard let value = variables[name] else { return nil }
        switch (value, format) {
        case (.single(let text), nil), (.single(let text), "raw"):
            return text
        case (.multiple(let values), nil):
            return values.map(Self.quoteLiteral).joined(separator: ",")
        case (.single(let text), "sqlstring"), (.single(let text), "singlequote"):
            return Self.quoteLiteral(text)
        case (.multiple(let values), "sqlstring"), (.multiple(let values), "singlequote"):
            return values.map(Self.quoteLiteral).joined(separator: ",")
        case (.multiple(let values), "raw"), (.multiple(let values), "csv"):
            return values.joined(separator: ",")
        case (.single(let text), "csv"):
            return text
        case (.single(let text), "queryparam"):
            return "var-\(name)=\(text)"
        case (.multiple(let values), "queryparam"):
            return values.map { "var-\(name)=\($0)" }.joined(separator: "&")
        default:
            throw GrafanaInterpolationError(description: "unsupported variable format `${\(name):\(format ?? "")}`")
        }
    }

    static func quoteLiteral(_ value: String) -> String {
        "'" + value.replacingAll("'", with: "''") + "'"
    }

    // MARK: PostgreSQL macros (the backend's macro engine)

    private func replaceMacros(_ sql: String) throws -> String {
        let characters = Array(sql)
        var out = ""
        var index = 0
        while index < characters.count {
            guard characters[index] == "$" else {
                out.append(characters[index])
                index += 1
                continue
            }
            var end = index + 1
            while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
            // `\$([_a-zA-Z0-9]+)\(([^\)]*)\)`
            guard end > index + 1, end < characters.count, characters[end] == "(",
                  let close = characters[end...].firstIndex(of: ")") else {
                out.append(characters[index])
                index += 1
                continue
            }
            var name = String(characters[(index + 1)..<end])
            let arguments = String(characters[(end + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
                .map { String($0).trimmingSpaces() }
            // Grafana's pre-5.3 compatibility: `$__timeGroup(...)` directly followed by a comma
            // gets the alias.
            if name == "__timeGroup", close + 1 < characters.count, characters[close + 1] == "," {
                name = "__timeGroupAlias"
            }
            out += try macro(name, arguments)
            index = close + 1
        }
        return out
    }

    private func macro(_ name: String, _ arguments: [String]) throws -> String {
        let from = Self.rfc3339(milliseconds: range.fromMilliseconds)
        let to = Self.rfc3339(milliseconds: range.toMilliseconds)
        func column() throws -> String {
            guard let first = arguments.first, !first.isEmpty else {
                throw GrafanaInterpolationError(description: "missing time column argument for macro \(name)")
            }
            return first
        }
        func intervalSeconds() throws -> String {
            guard arguments.count >= 2, let milliseconds = GrafanaDuration.parse(arguments[1].trimmingCharacters("'")) else {
                throw GrafanaInterpolationError(description: "macro \(name) needs a time column and an interval, got \(arguments)")
            }
            return Self.goFloat(Double(milliseconds) / 1000)
        }
        switch name {
        case "__time": return "\(try column()) AS \"time\""
        case "__timeEpoch": return "extract(epoch from \(try column())) as \"time\""
        case "__timeFilter": return "\(try column()) BETWEEN '\(from)' AND '\(to)'"
        case "__timeFrom": return "'\(from)'"
        case "__timeTo": return "'\(to)'"
        case "__timeGroup":
            let seconds = try intervalSeconds()
            return "floor(extract(epoch from \(try column()))/\(seconds))*\(seconds)"
        case "__timeGroupAlias": return try macro("__timeGroup", arguments) + " AS \"time\""
        case "__unixEpochFilter":
            let column = try column()
            return "\(column) >= \(range.fromMilliseconds / 1000) AND \(column) <= \(range.toMilliseconds / 1000)"
        case "__unixEpochNanoFilter":
            let column = try column()
            return "\(column) >= \(range.fromMilliseconds * 1_000_000) AND \(column) <= \(range.toMilliseconds * 1_000_000)"
        case "__unixEpochNanoFrom": return String(range.fromMilliseconds * 1_000_000)
        case "__unixEpochNanoTo": return String(range.toMilliseconds * 1_000_000)
        case "__unixEpochGroup":
            let seconds = try intervalSeconds()
            return "floor((\(try column()))/\(seconds))*\(seconds)"
        case "__unixEpochGroupAlias": return try macro("__unixEpochGroup", arguments) + " AS \"time\""
        default: throw GrafanaInterpolationError(description: "unknown macro \"\(name)\"")
        }
    }

    /// Go's `time.RFC3339Nano` for a UTC instant: `2026-11-25T09:30:00Z`, `...:00.25Z`.
    static func rfc3339(milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        let fraction = milliseconds - Int64(seconds) * 1000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if fraction > 0 {
            var digits = pad(Int32(fraction), 3)
            while digits.last == "0" { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    /// Go's `%v` for a float64 interval: `60`, `0.5`.
    static func goFloat(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension String {
    func trimmingCharacters(_ character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
