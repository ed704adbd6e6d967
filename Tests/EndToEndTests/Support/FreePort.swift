#if canImport(Glibc)
import Glibc
#endif

/// TCP ports for child processes that must keep their port across restarts, so port 0 will not
/// do. They are taken below Linux's ephemeral range (32768 and up), where outgoing connections
/// and `bind(0)` never land, so a port stays free while its listener is down; each is checked by
/// binding it.
enum FreePort {
    static let range = 20_000..<32_000

    /// A port on 127.0.0.1 that nobody listens on now, and that is not in `excluding`.
    static func pick(excluding: Set<Int> = []) -> Int {
        while true {
            let port = Int.random(in: range)
            if !excluding.contains(port), isFree(port) { return port }
        }
    }

    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }
}
