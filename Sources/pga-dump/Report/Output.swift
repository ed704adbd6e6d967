import Glibc

/// Standard output and standard error, line by line, written with `write(2)`.
///
/// Standard output is buffered and flushed when the buffer fills, before anything goes to
/// standard error (so the two stay in order on a terminal), at the end of the run, and after
/// every line when `flushEachLine` is set (for `--follow`, whose reader is usually a pipe).
final class Output {
    var flushEachLine = false
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    deinit { flush() }

    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if flushEachLine || buffer.count >= 1 << 16 { flush() }
    }

    /// A line on standard error, prefixed with `pga-dump: `.
    func note(_ text: String) {
        flush()
        Self.writeAll(Array("pga-dump: \(text)\n".utf8), to: STDERR_FILENO)
    }

    /// Writes what is buffered for standard output.
    func flush() {
        guard !buffer.isEmpty else { return }
        Self.writeAll(buffer, to: STDOUT_FILENO)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            // EPIPE when SIGPIPE is ignored (`pga-dump --rows | head`): nothing more can be shown.
            return
        }
    }
}
