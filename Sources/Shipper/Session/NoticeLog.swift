import Logging
import NIOConcurrencyHelpers
import WireProtocol

/// Logs conditions once when they start or change instead of on every retry, so a collector
/// that cannot ship for a day writes a few lines, not thousands.
final class NoticeLog: Sendable {
    private struct State {
        var current: [String: String] = [:]
        var once: Set<String> = []
        var failure: String?
    }

    private let state = NIOLockedValueBox(State())

    /// Logs `message` as a warning when it differs from the last one logged under `key`.
    func warn(_ key: String, _ message: String, logger: Logger, metadata: Logger.Metadata = [:]) {
        let changed = state.withLockedValue { state -> Bool in
            guard state.current[key] != message else { return false }
            state.current[key] = message
            return true
        }
        if changed { logger.warning("\(message)", metadata: metadata) } else { logger.debug("\(message)", metadata: metadata) }
    }

    /// Logs `message` as a warning the first time `key` is seen.
    func warnOnce(_ key: String, _ message: String, logger: Logger, metadata: Logger.Metadata = [:]) {
        let first = state.withLockedValue { $0.once.insert(key).inserted }
        if first { logger.warning("\(message)", metadata: metadata) } else { logger.debug("\(message)", metadata: metadata) }
    }

    /// Logs why a connection failed, as an error, when the reason changed since the last one.
    func failure(_ error: ShipperError, retryInMilliseconds: Int, logger: Logger) {
        let text = Self.text(of: error)
        let changed = state.withLockedValue { state -> Bool in
            guard state.failure != text else { return false }
            state.failure = text
            return true
        }
        let metadata: Logger.Metadata = ["retry_in_ms": "\(retryInMilliseconds)"]
        if changed { logger.error("\(text)", metadata: metadata) } else { logger.debug("\(text)", metadata: metadata) }
    }

    /// A session was established: the next failure is news again.
    func connected(logger: Logger, metadata: Logger.Metadata) {
        let recovered = state.withLockedValue { state -> Bool in
            defer { state.failure = nil }
            return state.failure != nil
        }
        logger.info(recovered ? "connected to the backend again" : "connected to the backend", metadata: metadata)
    }

    /// How an operator should read a failure.
    static func text(of error: ShipperError) -> String {
        guard error.code == .refused, let raw = error.backendCode else { return error.message }
        switch ErrorCode(rawValue: raw).effective {
        case .collectorRevoked: return "collector revoked by the backend: \(error.message)"
        case .collectorUnknown: return "collector unknown to the backend (register it again): \(error.message)"
        case .authenticationFailed: return "the backend refused this collector's certificate: \(error.message)"
        default: return "the backend refused the session (\(ErrorCode(rawValue: raw).name)): \(error.message)"
        }
    }
}
