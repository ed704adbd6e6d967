import Foundation
import WireProtocol

/// The wall clock as test batches carry it.
public enum TestClock {
    /// Now, in microseconds since 2000-01-01 00:00:00 UTC.
    public static func now() -> Int64 {
        let unixMicroseconds = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        return unixMicroseconds - PostgresTime.unixEpochOffsetSeconds * PostgresTime.microsecondsPerSecond
    }
}
