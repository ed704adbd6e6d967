/// Typed access to the keys of one section; keys never read are reported as unknown.
struct SectionReader {
    let section: String
    let settings: [String: RawSetting]
    private(set) var used: Set<String> = []

    init(section: String, settings: [String: RawSetting]) {
        self.section = section
        self.settings = settings
    }

    /// Keys present in this section.
    var keys: [String] { Array(settings.keys) }

    func fullKey(_ key: String) -> String { "[\(section)] \(key)" }

    func fail(_ code: ConfigError.Code, _ key: String, _ message: String) -> ConfigError {
        ConfigError(code, key: fullKey(key), location: settings[key]?.location, message)
    }

    private mutating func raw(_ key: String) -> RawSetting? {
        used.insert(key)
        return settings[key]
    }

    private func wrongType(_ key: String, expected: String, _ value: TOMLValue) -> ConfigError {
        fail(.wrongType, key, "expected \(expected), found \(value.typeName)")
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let setting = raw(key) else { return nil }
        switch setting.content {
        case .text(let text): return text
        case .toml(let value):
            guard case .string(let text) = value.kind else { throw wrongType(key, expected: "a string", value) }
            return text
        }
    }

    mutating func int(_ key: String, in range: ClosedRange<Int64>) throws(ConfigError) -> Int64? {
        guard let setting = raw(key) else { return nil }
        let number: Int64
        switch setting.content {
        case .text(let text):
            guard let parsed = Int64(text.filter { $0 != "_" }) else { throw fail(.wrongType, key, "expected an integer, found \"\(text)\"") }
            number = parsed
        case .toml(let value):
            guard case .integer(let parsed) = value.kind else { throw wrongType(key, expected: "an integer", value) }
            number = parsed
        }
        guard range.contains(number) else {
            throw fail(.invalidValue, key, "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        try int(key, in: Int64(range.lowerBound)...Int64(range.upperBound)).map { Int($0) }
    }

    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let setting = raw(key) else { return nil }
        switch setting.content {
        case .text(let text):
            switch text.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw fail(.wrongType, key, "expected a boolean (true or false), found \"\(text)\"")
            }
        case .toml(let value):
            guard case .boolean(let flag) = value.kind else { throw wrongType(key, expected: "a boolean (true or false)", value) }
            return flag
        }
    }

    /// An array of strings; from the environment, a comma-separated list.
    mutating func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let setting = raw(key) else { return nil }
        switch setting.content {
        case .text(let text):
            return text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        case .toml(let value):
            guard case .array(let elements) = value.kind else { throw wrongType(key, expected: "an array of strings", value) }
            var out: [String] = []
            for element in elements {
                guard case .string(let text) = element.kind else {
                    throw fail(.wrongType, key, "expected an array of strings, found an element of type \(element.typeName)")
                }
                out.append(text)
            }
            return out
        }
    }

    /// An integer count of seconds, or a duration string such as `"90s"`, `"5m"`, `"1h"`, `"7d"`.
    mutating func seconds(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let setting = raw(key) else { return nil }
        let value: Int
        switch setting.content {
        case .toml(let toml):
            switch toml.kind {
            case .integer(let number): value = Int(clamping: number)
            case .string(let text):
                guard let millis = DurationText.milliseconds(text), millis % 1000 == 0 else {
                    throw fail(.invalidValue, key, "\"\(text)\" is not a duration in whole seconds (e.g. 60, \"90s\", \"5m\", \"1h\", \"7d\")")
                }
                value = Int(millis / 1000)
            default: throw wrongType(key, expected: "an integer number of seconds or a duration string", toml)
            }
        case .text(let text):
            guard let millis = DurationText.milliseconds(text) ?? Int64(text).map({ $0 * 1000 }), millis % 1000 == 0 else {
                throw fail(.invalidValue, key, "\"\(text)\" is not a duration in whole seconds (e.g. 60, 90s, 5m)")
            }
            value = Int(millis / 1000)
        }
        guard range.contains(value) else {
            throw fail(.invalidValue, key, "\(value) seconds is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A byte count: an integer, or a string with a unit (`"512MiB"`, `"2GB"`, `"1G"`).
    mutating func bytes(_ key: String, in range: ClosedRange<Int64>) throws(ConfigError) -> Int64? {
        guard let setting = raw(key) else { return nil }
        let value: Int64
        switch setting.content {
        case .toml(let toml):
            switch toml.kind {
            case .integer(let number): value = number
            case .string(let text):
                guard let parsed = ByteSizeText.bytes(text) else {
                    throw fail(.invalidValue, key, "\"\(text)\" is not a size (e.g. 1073741824, \"512MiB\", \"2GiB\")")
                }
                value = parsed
            default: throw wrongType(key, expected: "an integer number of bytes or a size string", toml)
            }
        case .text(let text):
            guard let parsed = ByteSizeText.bytes(text) else {
                throw fail(.invalidValue, key, "\"\(text)\" is not a size (e.g. 1073741824, 512MiB, 2GiB)")
            }
            value = parsed
        }
        guard range.contains(value) else {
            throw fail(.invalidValue, key, "\(value) bytes is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// Throws `unknownKey` for the first key (by line) that no getter asked for.
    func finish(known: [String]) throws(ConfigError) {
        let unknown = settings.filter { !used.contains($0.key) }.sorted { lhs, rhs in
            lhs.value.location.sortKey < rhs.value.location.sortKey
        }
        guard let (key, _) = unknown.first else { return }
        let hint = known.isEmpty ? "" : "; known keys: \(known.joined(separator: ", "))"
        throw fail(.unknownKey, key, "unknown key in [\(section)]\(hint)")
    }
}

extension ConfigLocation {
    var sortKey: String {
        switch self {
        case .file(_, let line): "0" + String(repeating: "0", count: max(0, 9 - String(line).count)) + String(line)
        case .environment(let variable): "1" + variable
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
