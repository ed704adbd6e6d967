#if canImport(Glibc)
import Glibc
#endif

/// Warns about a configuration file that others can read while it holds a secret.
enum PermissionCheck {
    /// A warning when `path` is world-readable and `holdsSecret`, else nil.
    static func warning(path: String, holdsSecret: Bool) -> String? {
        guard holdsSecret else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IROTH != 0 else { return nil }
        let mode = String(info.st_mode & 0o777, radix: 8)
        return "\(path) holds a password and is readable by every user (mode \(mode)); run: chown root:pganalytics \(path) && chmod 640 \(path), or move the password to password_file or PGANALYTICS_POSTGRES_PASSWORD"
    }
}

/// Reads a whole small text file with plain system calls.
enum TextFile {
    struct Failure: Error {
        var message: String
    }

    static func read(_ path: String) throws(Failure) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(message: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= 4 << 20 else { throw Failure(message: "larger than 4 MiB") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
