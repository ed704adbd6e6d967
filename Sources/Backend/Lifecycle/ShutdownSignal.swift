#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import NIOConcurrencyHelpers

/// SIGTERM and SIGINT as an event: installed before start-up, so a signal that arrives while
/// the backend is still starting is not lost; `wait()` returns the first one received.
///
/// `@unchecked Sendable`: the dispatch sources are set once in `init` and only kept alive.
public final class ShutdownSignal: @unchecked Sendable {
    private struct State {
        var received: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    private let state = NIOLockedValueBox(State())
    private var sources: [any DispatchSourceSignal] = []

    /// Starts listening for `signals` (their default action, ending the process, is disabled).
    public init(signals: [Int32] = [SIGTERM, SIGINT]) {
        var made: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.fire(number) }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    /// Behaves as if `number` had been received (tests, and fatal start-up failures).
    public func fire(_ number: Int32) {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Int32, Never>] in
            if state.received == nil { state.received = number }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: number) }
    }

    /// The first signal received, once there is one.
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let received = state.withLockedValue { state -> Int32? in
                if let received = state.received { return received }
                state.waiters.append(continuation)
                return nil
            }
            if let received { continuation.resume(returning: received) }
        }
    }

    /// The signal received so far, if any.
    public var received: Int32? {
        state.withLockedValue { $0.received }
    }
}
