#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Every collector connection holds a file descriptor; distributions start services with a soft
/// `RLIMIT_NOFILE` of 1,024, below a backend's connection limit.
enum OpenFileLimit {
    /// Descriptors the backend needs besides its connections: database connections, the HTTP
    /// API's clients, log and library files.
    static let reserve: UInt64 = 256

    /// Raises the soft limit to the hard limit, and warns when even that cannot hold
    /// `maxConnections` collectors. Returns the soft limit in force.
    @discardableResult
    static func raise(for maxConnections: Int, logger: Logger) -> UInt64 {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        let soft = UInt64(limit.rlim_cur)
        if soft < UInt64(maxConnections) + reserve {
            logger.warning("the open-file limit cannot hold MAX_CONNECTIONS collectors; raise LimitNOFILE (systemd) or ulimit -Hn",
                           metadata: ["open_files": "\(soft)", "max_connections": "\(maxConnections)"])
        }
        return soft
    }

    #if canImport(Glibc)
    private static let resource = Int32(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif
}
