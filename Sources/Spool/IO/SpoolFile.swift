import Glibc

/// An open file descriptor, closed when the last reference goes away.
///
/// Positional reads and writes (`pread`/`pwrite`) carry their own offset, so one descriptor can
/// be used from several threads; the spool serialises writers itself.
final class SpoolFile: @unchecked Sendable {
    let fd: Int32
    let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { Glibc.close(fd) }

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(SpoolError) -> SpoolFile {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return SpoolFile(fd: fd, path: path) }
            if errno == EINTR { continue }
            throw SpoolError.system(errno, path: path, "open")
        }
    }

    /// Writes all of `bytes` at `offset`, retrying partial writes.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(SpoolError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            let err = n < 0 ? errno : ENOSPC
            throw SpoolError.system(err, path: path, offset: offset + Int64(done), "pwrite")
        }
    }

    func write(_ bytes: [UInt8], at offset: Int64) throws(SpoolError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(SpoolError) in try write(raw, at: offset) } }.get()
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(SpoolError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n > 0 { done += n; continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            throw SpoolError.system(errno, path: path, offset: offset + Int64(done), "pread")
        }
        return done
    }

    /// Reads `count` bytes at `offset`, or fewer at end of file.
    func read(count: Int, at offset: Int64) throws(SpoolError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let n = try out.withUnsafeMutableBytes { raw in Result { () throws(SpoolError) -> Int in try read(into: raw, at: offset) } }.get()
        out.removeLast(count - n)
        return out
    }

    func dataSync() throws(SpoolError) {
        while fdatasync(fd) != 0 {
            if errno == EINTR { continue }
            throw SpoolError(.syncFailed, path: path, errno: errno, "fdatasync failed; records written since the last successful sync may be lost")
        }
    }

    func fullSync() throws(SpoolError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw SpoolError(.syncFailed, path: path, errno: errno, "fsync failed")
        }
    }

    func truncate(to length: Int64) throws(SpoolError) {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw SpoolError.system(errno, path: path, offset: length, "ftruncate")
        }
    }

    func size() throws(SpoolError) -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SpoolError.system(errno, path: path, "fstat") }
        return Int64(st.st_size)
    }
}

extension SpoolError {
    /// An error for a failed system call; ENOSPC and EDQUOT become `diskFull`.
    static func system(_ err: Int32, path: String, offset: Int64? = nil, _ call: String) -> SpoolError {
        let code: Code = (err == ENOSPC || err == EDQUOT) ? .diskFull : .io
        var error = SpoolError(code, path: path, offset: offset, errno: err, "\(call) failed")
        error.systemCall = call
        return error
    }
}

func systemErrorText(_ err: Int32) -> String {
    guard let text = strerror(err) else { return "unknown error" }
    return String(cString: text)
}
