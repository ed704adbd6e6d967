import PostgresClient

/// How an `IngestWriter` writes and retries.
public struct WriterOptions: Sendable {
    /// Bytes of COPY stream handed to libpq at a time.
    public var copyChunkBytes: Int
    /// Waits between attempts after transient failures (a lost connection, a server shutting
    /// down, a serialization failure or deadlock).
    public var backoff: Backoff
    /// Attempts per write before giving up with `IngestError.unavailable`; nil: never give up,
    /// the caller only sees a delay.
    public var maxAttempts: Int?

    public init(copyChunkBytes: Int = 256 * 1024, backoff: Backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(5)),
                maxAttempts: Int? = nil) {
        precondition(copyChunkBytes >= 1 && (maxAttempts ?? 1) >= 1, "copyChunkBytes and maxAttempts must be positive")
        self.copyChunkBytes = copyChunkBytes
        self.backoff = backoff
        self.maxAttempts = maxAttempts
    }
}
