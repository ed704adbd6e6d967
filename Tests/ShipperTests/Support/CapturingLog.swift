import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps every message, for tests that check what an operator would read.
struct CapturingLog: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: String
    }

    private let box = NIOLockedValueBox<[Entry]>([])

    var entries: [Entry] { box.withLockedValue { $0 } }

    /// Messages at or above `level`.
    func messages(atLeast level: Logger.Level) -> [String] {
        entries.filter { $0.level >= level }.map(\.message)
    }

    func logger(label: String = "shipper-test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(box: box) }
        logger.logLevel = .debug
        return logger
    }

    private struct Handler: LogHandler {
        let box: NIOLockedValueBox<[Entry]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let text = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            box.withLockedValue { $0.append(Entry(level: event.level, message: "\(event.message)", metadata: text)) }
        }
    }
}
