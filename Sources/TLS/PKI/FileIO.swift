#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and atomically writing the small PEM files this module keeps (keys, certificates).
///
/// Files are written to a temporary name in the destination directory that is created with
/// `O_CREAT | O_EXCL` and the final mode (so a private key is never readable by others, not
/// even for an instant and whatever the umask), fsynced, renamed over the destination, and the
/// directory is fsynced, so a crash leaves either the old file or the new one.
enum FileIO {
    /// Private keys: owner read/write only.
    static let privateMode: mode_t = 0o600
    /// Certificates: world-readable, they are public.
    static let publicMode: mode_t = 0o644
    /// PEM files larger than this are refused before reading (a chain of 8 certificates is ~20 KiB).
    static let maximumFileSize = 1 << 20

    /// Reads a whole file of at most ``maximumFileSize`` bytes.
    static func readFile(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw posixError("open", path) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw posixError("fstat", path) }
        guard Int(status.st_size) <= maximumFileSize else {
            throw TLSError(.fileIO, "\(path) is \(status.st_size) bytes, more than the limit of \(maximumFileSize)")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw posixError("read", path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumFileSize else {
                throw TLSError(.fileIO, "\(path) grew beyond the limit of \(maximumFileSize) bytes while being read")
            }
        }
        return bytes
    }

    /// Atomically replaces `path` with `bytes`, the file having exactly `mode`.
    static func writeFile(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let temporary = try createExclusive(near: path, mode: mode)
        var renamed = false
        defer {
            close(temporary.fd)
            if !renamed { unlink(temporary.path) }
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                write(temporary.fd, $0.baseAddress! + offset, $0.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw posixError("write", temporary.path)
            }
            offset += count
        }
        guard fsync(temporary.fd) == 0 else { throw posixError("fsync", temporary.path) }
        guard rename(temporary.path, path) == 0 else { throw posixError("rename to \(path)", temporary.path) }
        renamed = true
        syncDirectory(of: path)
    }

    /// Creates a new file next to `path` with `O_EXCL` and `mode`; retries on a name clash.
    private static func createExclusive(near path: String, mode: mode_t) throws -> (fd: Int32, path: String) {
        for _ in 0..<16 {
            let candidate = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
            if fd >= 0 {
                // The umask may have removed bits from `mode`; set it exactly. It can only have
                // removed bits, so the file was never more permissive than `mode`.
                guard fchmod(fd, mode) == 0 else {
                    let error = posixError("fchmod", candidate)
                    close(fd)
                    unlink(candidate)
                    throw error
                }
                return (fd, candidate)
            }
            if errno != EEXIST { throw posixError("open", candidate) }
        }
        throw TLSError(.fileIO, "could not create a temporary file next to \(path)")
    }

    /// Makes a completed rename durable. Best effort: some file systems refuse to fsync a directory.
    private static func syncDirectory(of path: String) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func posixError(_ operation: String, _ path: String) -> TLSError {
        let code = errno
        return TLSError(.fileIO, "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))")
    }
}
