#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time as the protocol counts it.
public enum LoadClock {
    /// Now, in microseconds since 2000-01-01 00:00:00 UTC.
    public static func nowMicroseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec) - 946_684_800) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}
