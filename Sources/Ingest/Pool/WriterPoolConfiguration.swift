/// How many writers a `WriterPool` runs and how much one transaction takes.
public struct WriterPoolConfiguration: Sendable {
    /// Writer threads, each with its own connection.
    public var writers: Int
    /// A writer stops taking queued submissions into its transaction past this many rows...
    public var maxRowsPerTransaction: Int
    /// ... or this many payload bytes (it always takes at least one submission).
    public var maxBytesPerTransaction: Int
    public var writer: WriterOptions

    public init(writers: Int = 3, maxRowsPerTransaction: Int = 200_000, maxBytesPerTransaction: Int = 64 * 1024 * 1024,
                writer: WriterOptions = WriterOptions()) {
        precondition(writers >= 1 && maxRowsPerTransaction >= 1 && maxBytesPerTransaction >= 1, "pool sizes must be positive")
        self.writers = writers
        self.maxRowsPerTransaction = maxRowsPerTransaction
        self.maxBytesPerTransaction = maxBytesPerTransaction
        self.writer = writer
    }
}
