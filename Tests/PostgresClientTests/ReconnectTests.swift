import PostgresClient
import Synchronization
import Testing

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current = Mutex<Duration>(.seconds(100))
    var clock: MonotonicClock { MonotonicClock { [self] in current.withLock { $0 } } }
    func advance(_ by: Duration) { current.withLock { $0 += by } }
}

@Suite("reconnect")
struct ReconnectTests {
    @Test("backoff doubles up to the maximum")
    func backoff() {
        let backoff = Backoff(initial: .seconds(1), maximum: .seconds(10))
        #expect((0...6).map { backoff.delay(afterFailures: $0) } == [.zero, .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
        #expect(backoff.delay(afterFailures: 10_000) == .seconds(10))
    }

    @Test("failed attempts wait out the backoff without sleeping, a success resets it")
    func waitsOutBackoff() throws {
        let manual = ManualClock()
        let good = try TestDatabase.parameters()
        var bad = good
        bad.port = 1
        var attempts = 0
        var target = bad
        let reconnecting = ReconnectingConnection(good, backoff: Backoff(initial: .seconds(1), maximum: .seconds(8)), clock: manual.clock) { _ throws(PostgresError) in
            attempts += 1
            return try PostgresConnection(target)
        }
        #expect(throws: PostgresError.self) { _ = try reconnecting.connection() }
        #expect(attempts == 1)
        let waiting = #expect(throws: PostgresError.self) { _ = try reconnecting.connection() }
        #expect(waiting?.code == .notConnected)
        #expect(attempts == 1, "no attempt before the backoff is over")
        manual.advance(.seconds(1))
        #expect(throws: PostgresError.self) { _ = try reconnecting.connection() }
        #expect(attempts == 2)
        manual.advance(.milliseconds(1_999))
        #expect(throws: PostgresError.self) { _ = try reconnecting.connection() }
        #expect(attempts == 2, "the second wait is two seconds")
        #expect(reconnecting.consecutiveFailures == 2)
        target = good
        manual.advance(.milliseconds(1))
        let connection = try reconnecting.connection()
        #expect(attempts == 3)
        #expect(reconnecting.consecutiveFailures == 0)
        #expect(reconnecting.generation == 1)
        #expect(try reconnecting.connection() === connection, "a live connection is reused")
    }

    @Test("a broken session is replaced on the next call, right away")
    func reconnectsAfterLoss() throws {
        let reconnecting = ReconnectingConnection(try TestDatabase.parameters())
        let first = try reconnecting.connection()
        let killer = try TestDatabase.connect()
        _ = try killer.query("SELECT pg_terminate_backend($1::int)", params: [String(first.backendPID)])
        var lost: PostgresError?
        for _ in 0..<3 where lost == nil {
            do { _ = try reconnecting.withConnection { (c) throws(PostgresError) in try c.query("SELECT 1") } } catch { lost = error }
        }
        #expect(lost?.code == .connectionLost)
        let second = try reconnecting.withConnection { (c) throws(PostgresError) in c }
        #expect(second !== first)
        #expect(second.backendPID != first.backendPID)
        #expect(reconnecting.generation == 2)
    }
}
