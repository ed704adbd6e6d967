import PostgresClient

/// A write that failed as a whole: nothing of it is committed.
///
/// Transient failures (a lost connection, a server shutting down, a serialization failure or
/// deadlock) never show up here while the writer retries them; this is what remains.
public enum IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// PostgreSQL refused the work for a reason no retry fixes and no single record explains
    /// (a missing table or column, a missing privilege): the schema or the grants are wrong.
    case storage(PostgresError)
    /// Transient failures went on past the configured number of attempts.
    case unavailable(PostgresError)
    /// The pool was shut down before the records were written.
    case shutDown

    public var description: String {
        switch self {
        case .storage(let error): "storage refused the write: \(error)"
        case .unavailable(let error): "storage unavailable: \(error)"
        case .shutDown: "the writer pool is shut down"
        }
    }
}
