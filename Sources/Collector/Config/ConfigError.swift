/// A configuration that cannot be used: what is wrong, and where (file and line, or the
/// environment variable).
///
/// `Code` is a struct so that codes can be added without breaking callers.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The file does not exist or cannot be read.
        public static let unreadable = Code("unreadable")
        /// The file is not valid TOML.
        public static let syntax = Code("syntax")
        /// A section the collector does not know.
        public static let unknownSection = Code("unknownSection")
        /// A key the collector does not know in a known section.
        public static let unknownKey = Code("unknownKey")
        /// A value of the wrong TOML type (a string where an integer belongs, ...).
        public static let wrongType = Code("wrongType")
        /// A value of the right type that is out of range or not one of the allowed values.
        public static let invalidValue = Code("invalidValue")
    }

    public var code: Code
    /// `section.key` the error is about, when there is one.
    public var key: String?
    /// Where the offending value came from.
    public var location: ConfigLocation?
    public var message: String

    public init(_ code: Code, key: String? = nil, location: ConfigLocation? = nil, _ message: String) {
        self.code = code
        self.key = key
        self.location = location
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let location { parts.append(location.description) }
        if let key { parts.append(key) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}

/// Where a configuration value came from.
public enum ConfigLocation: Hashable, Sendable, CustomStringConvertible {
    /// A line of the configuration file.
    case file(path: String, line: Int)
    /// An environment variable.
    case environment(variable: String)

    public var description: String {
        switch self {
        case .file(let path, let line): "\(path) line \(line)"
        case .environment(let variable): "environment variable \(variable)"
        }
    }
}
