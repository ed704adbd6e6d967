import Glibc

/// The exclusive `flock` on a spool directory's `LOCK` file, so that two collectors never share
/// one spool. The lock belongs to the open file description and ends when the process does, so a
/// crashed collector never leaves a stale lock behind.
final class DirectoryLock: Sendable {
    static let fileName = "LOCK"
    let file: SpoolFile

    private init(file: SpoolFile) { self.file = file }

    /// Takes the lock, or throws `locked` naming the directory and the PID written by the holder.
    ///
    /// - Parameter waitMilliseconds: how long to retry while the lock is held. A holder may be
    ///   about to let go: a process that is exiting, or a child forked by the previous holder that
    ///   shares the lock until it calls exec.
    static func acquire(directory: String, waitMilliseconds: Int) throws(SpoolError) -> DirectoryLock {
        let path = directory + "/" + fileName
        let file = try SpoolFile.open(path, flags: O_RDWR | O_CREAT)
        let deadline = monotonicNanos() + UInt64(max(0, waitMilliseconds)) * 1_000_000
        while flock(file.fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK && monotonicNanos() < deadline {
                usleep(5_000)
                continue
            }
            if errno == EWOULDBLOCK {
                let holder = (try? file.read(count: 32, at: 0)).flatMap { String(decoding: $0, as: UTF8.self).split(separator: "\n").first }
                let who = holder.map { "process \($0)" } ?? "another process"
                throw SpoolError(.locked, path: directory, "spool directory \(directory) is locked by \(who) (flock on \(path)); two collectors cannot share one spool")
            }
            throw SpoolError.system(errno, path: path, "flock")
        }
        // The PID is informational, for the error above; the flock itself is the lock.
        let pid = Array("\(getpid())\n".utf8)
        try file.truncate(to: 0)
        try file.write(pid, at: 0)
        return DirectoryLock(file: file)
    }
}
