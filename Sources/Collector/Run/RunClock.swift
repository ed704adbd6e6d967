#if canImport(Glibc)
import Glibc
#endif

/// What the run loop waits for between rounds.
public enum RunSignal: Hashable, Sendable {
    /// SIGTERM or SIGINT: finish, sync the spool, exit.
    case terminate
    /// SIGHUP: reload the configuration.
    case reload
}

/// The wall clock and the wait between rounds, replaceable in tests.
public protocol RunClock: AnyObject {
    /// Microseconds since the Unix epoch.
    func nowMicros() -> Int64
    /// Waits until `deadlineMicros` or a signal, whichever comes first; returns the signal, or
    /// nil when the deadline passed.
    func wait(untilMicros deadlineMicros: Int64) -> RunSignal?
}

/// The real clock; waits with `sigtimedwait` on SIGTERM, SIGINT and SIGHUP.
///
/// Call `SignalClock.blockSignals()` first thing in `main`, before any thread starts, so that the
/// signals stay pending for the waiting thread instead of killing the process. A signal that
/// arrives during a round is taken at the next wait.
public final class SignalClock: RunClock {
    public init() {}

    /// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and in threads it starts later.
    public static func blockSignals() {
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        return set
    }

    public func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    public func wait(untilMicros deadlineMicros: Int64) -> RunSignal? {
        var set = Self.signalSet()
        while true {
            let remaining = deadlineMicros - nowMicros()
            let clamped = max(0, remaining)
            var timeout = timespec(tv_sec: Int(clamped / 1_000_000), tv_nsec: Int(clamped % 1_000_000) * 1000)
            let signal = sigtimedwait(&set, nil, &timeout)
            if signal == SIGTERM || signal == SIGINT { return .terminate }
            if signal == SIGHUP { return .reload }
            if signal < 0 && errno == EINTR { continue }
            if remaining <= 0 || nowMicros() >= deadlineMicros { return nil }
        }
    }
}
