import WireProtocol

/// Bytes a hostile peer sends after a valid HELLO, and what the backend must do with them.
public struct HostileCase: Sendable {
    /// What the backend's answer must be.
    public enum Expectation: Hashable, Sendable {
        /// An ERROR frame with this code, then the close.
        case error(ErrorCode)
        /// The bytes stop inside a frame: the backend waits for more. The load tool closes the
        /// connection after sending them, and the backend must store nothing.
        case incomplete
    }

    /// The vector's name, or the mutation's kind and number.
    public var name: String
    /// The mutation kind ("vector" for the invalid vectors), for the report.
    public var kind: String
    public var bytes: [UInt8]
    public var expectation: Expectation

    public init(name: String, kind: String, bytes: [UInt8], expectation: Expectation) {
        self.name = name
        self.kind = kind
        self.bytes = bytes
        self.expectation = expectation
    }

    /// What a conforming backend does with `bytes`, decided by the reference decoder with the
    /// default limits; nil when the bytes begin with a valid message (not hostile: a valid
    /// BATCH would be stored).
    public static func expectation(for bytes: [UInt8]) -> Expectation? {
        var decoder = MessageDecoder()
        decoder.append(bytes)
        do {
            return try decoder.next() == nil ? .incomplete : nil
        } catch {
            return .error(errorCode(for: error))
        }
    }

    /// The ERROR code the backend sends for a decoder failure (PROTOCOL.md table 6.5.1).
    public static func errorCode(for error: WireError) -> ErrorCode {
        switch error.code {
        case .unknownMessageType: .unknownMessageType
        case .unsupportedVersion: .unsupportedVersion
        default: .malformedFrame
        }
    }
}
