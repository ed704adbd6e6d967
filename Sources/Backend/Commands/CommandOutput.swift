#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Standard error for the commands, and the one-time logging set-up.
enum CommandOutput {
    /// Prints `pganalytics-api: <message>` to standard error.
    static func error(_ message: String) {
        let bytes = Array("pganalytics-api: \(message)\n".utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// Logs to standard error at `level` (journald adds the time when run by systemd).
    static func bootstrapLogging(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "pganalytics.api")
    }
}
