import Glibc

/// Turns SIGINT and SIGTERM into a polite stop for `--follow`: the signals are blocked and
/// collected with `sigtimedwait`, which doubles as the sleep between polls, so no signal handler
/// and no shared flag are needed.
struct InterruptWait {
    private var signals = sigset_t()

    /// Blocks SIGINT and SIGTERM for the process from now on.
    init() {
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// Sleeps up to `milliseconds`; returns true when SIGINT or SIGTERM arrived.
    func sleep(milliseconds: Int) -> Bool {
        var timeout = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var set = signals
        while true {
            let signal = sigtimedwait(&set, nil, &timeout)
            if signal > 0 { return true }
            if errno == EINTR { continue }
            return false
        }
    }
}
