/// Why the ingest listener could not start.
public struct IngestServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A configuration value makes no sense.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The TLS certificate, key or trust roots could not be loaded.
        public static let tlsSetupFailed = Code("tlsSetupFailed")
        /// The address could not be bound.
        public static let bindFailed = Code("bindFailed")
        /// `start` was called twice, or after `shutdown`.
        public static let alreadyStarted = Code("alreadyStarted")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "ingest listener: \(code): \(message)" }
}
