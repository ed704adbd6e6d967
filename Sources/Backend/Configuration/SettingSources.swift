#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Where settings come from: flags, then environment variables. A flag wins; an empty
/// environment variable counts as unset.
public struct SettingSources: Sendable {
    /// Flag values given on the command line, keyed by the setting's environment name.
    public var flags: [String: String]
    /// The process environment.
    public var environment: [String: String]

    public init(flags: [String: String] = [:], environment: [String: String]) {
        self.flags = flags
        self.environment = environment
    }

    /// The process's environment variables.
    public static func processEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                out[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return out
    }

    /// The setting's value, nil when neither a flag nor a non-empty variable gives one.
    public func value(_ setting: Setting) -> String? {
        if let flag = flags[setting.environment] { return flag }
        guard let value = environment[setting.environment], !value.isEmpty else { return nil }
        return value
    }

    func required(_ setting: Setting, _ why: String) throws(ConfigurationError) -> String {
        guard let value = value(setting), !value.isEmpty else { throw ConfigurationError(setting, "not set; \(why)") }
        return value
    }

    func integer(_ setting: Setting, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = value(setting) else { return fallback }
        guard let number = Int(text.trimmingSpaces), range.contains(number) else {
            throw ConfigurationError(setting, "\"\(text)\" is not a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func port(_ setting: Setting, default fallback: Int) throws(ConfigurationError) -> Int {
        guard let text = value(setting) else { return fallback }
        guard let number = Int(text.trimmingSpaces), (0...65_535).contains(number) else {
            throw ConfigurationError(setting, "\"\(text)\" is not a TCP port (0-65535; 0 picks a free one)")
        }
        return number
    }

    /// A secret of at least `minimumLength` bytes, nil when unset.
    func secret(_ setting: Setting, minimumLength: Int, maximumLength: Int = 4096) throws(ConfigurationError) -> String? {
        guard let text = value(setting) else { return nil }
        guard text.utf8.count >= minimumLength else {
            throw ConfigurationError(setting, "is \(text.utf8.count) characters long; use at least \(minimumLength) (e.g. `openssl rand -hex 32`)")
        }
        guard text.utf8.count <= maximumLength, !text.utf8.contains(0) else {
            throw ConfigurationError(setting, "is longer than \(maximumLength) bytes or contains a NUL byte")
        }
        return text
    }

    func logLevel() throws(ConfigurationError) -> Logger.Level {
        guard let text = value(.logLevel) else { return .info }
        guard let level = Logger.Level(rawValue: text.trimmingSpaces.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(.logLevel, "\"\(text)\" is not a log level (\(names))")
        }
        return level
    }

    /// A file that must exist and be readable.
    func readableFile(_ setting: Setting, _ why: String) throws(ConfigurationError) -> String {
        let path = try required(setting, why)
        try Self.checkReadable(path, setting)
        return path
    }

    static func checkReadable(_ path: String, _ setting: Setting) throws(ConfigurationError) {
        guard access(path, R_OK) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ConfigurationError(setting, "cannot read \(path): \(reason)")
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
