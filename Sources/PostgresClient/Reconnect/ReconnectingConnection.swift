/// A connection that is made again when it breaks, waiting longer after each failed attempt.
///
/// It never sleeps: when a reconnect is not yet due, `connection()` throws `notConnected` at once
/// and says when the next attempt will be, so the run loop keeps its schedule. A successful
/// connect resets the backoff.
public final class ReconnectingConnection {
    /// Makes a connection; `PostgresConnection.init` unless a test supplies another.
    public typealias Connector = (ConnectionParameters) throws(PostgresError) -> PostgresConnection

    public let parameters: ConnectionParameters
    public let backoff: Backoff
    private let clock: MonotonicClock
    private let connector: Connector
    private var current: PostgresConnection?
    /// Failed attempts since the last success.
    public private(set) var consecutiveFailures = 0
    /// When the next attempt may be made, on `clock`.
    public private(set) var nextAttempt: Duration?
    /// The error of the last failed attempt.
    public private(set) var lastError: PostgresError?
    /// Increases with every new connection, so users can tell a fresh session (new backend,
    /// possibly a restarted or upgraded server) from the one they saw before.
    public private(set) var generation = 0

    public init(_ parameters: ConnectionParameters, backoff: Backoff = Backoff(), clock: MonotonicClock = .system,
                connector: @escaping Connector = { (parameters) throws(PostgresError) in try PostgresConnection(parameters) }) {
        self.parameters = parameters
        self.backoff = backoff
        self.clock = clock
        self.connector = connector
    }

    /// The live connection, connecting first when there is none and an attempt is due.
    ///
    /// - Throws: the attempt's `connectionFailed`, or `notConnected` while waiting out the backoff.
    public func connection() throws(PostgresError) -> PostgresConnection {
        if let current, current.isConnected { return current }
        current = nil
        let now = clock.now()
        if let nextAttempt, now < nextAttempt {
            let wait = nextAttempt - now
            throw PostgresError(.notConnected, "next attempt to connect to \(parameters.displayName) in \(wait)"
                                + (lastError.map { "; last attempt: \($0.message)" } ?? ""))
        }
        do {
            let connection = try connector(parameters)
            current = connection
            consecutiveFailures = 0
            nextAttempt = nil
            lastError = nil
            generation += 1
            return connection
        } catch {
            consecutiveFailures += 1
            nextAttempt = now + backoff.delay(afterFailures: consecutiveFailures)
            lastError = error
            throw error
        }
    }

    /// Runs `body` on the live connection; a `connectionLost` from it drops the connection so that
    /// the next call reconnects (right away: a broken session is not a failed attempt).
    public func withConnection<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        let connection = try connection()
        do {
            return try body(connection)
        } catch {
            if error.code == .connectionLost || !connection.isConnected { disconnect() }
            throw error
        }
    }

    /// Closes the connection, if any; the next call connects again.
    public func disconnect() {
        current?.close()
        current = nil
    }
}
