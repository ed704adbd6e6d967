import Glibc

/// A file opened `O_RDONLY`, read with `pread`, closed when the last reference goes away.
///
/// pga-dump never writes to a spool, so this is the only way it opens spool files: there is no
/// write, truncate or lock operation here to call by mistake.
final class ReadOnlyFile {
    let path: String
    private let fd: Int32

    /// Opens `path` for reading.
    /// - Throws: `DumpFailure` with exit code 66 when the file is missing or not readable.
    init(_ path: String) throws(DumpFailure) {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw DumpFailure.cannotOpen(path, errno: errno) }
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    /// The file's current size in bytes.
    func size() throws(DumpFailure) -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DumpFailure.ioError(path, errno: errno, "fstat") }
        return Int64(st.st_size)
    }

    /// Up to `count` bytes at `offset`; fewer only at the end of the file.
    func read(count: Int, at offset: Int64) throws(DumpFailure) -> [UInt8] {
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n > 0 { done += n; continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            throw DumpFailure.ioError(path, errno: errno, "pread at offset \(offset + Int64(done))")
        }
        out.removeLast(count - done)
        return out
    }
}
