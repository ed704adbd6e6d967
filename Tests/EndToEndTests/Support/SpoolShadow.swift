#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Keeps a hard link to every segment file of a live spool in another directory, so that the
/// segments the collector deletes once the backend acknowledged them can still be read at the
/// end of a test: the shadow holds every record the collector ever wrote.
///
/// A hard link shares the segment's inode, so records appended (and a torn tail truncated by
/// recovery) show in the shadow too. A segment is deleted only after it was sealed and every
/// record in it acknowledged, long after it appeared, and the shadow looks every 20 ms.
final class SpoolShadow: @unchecked Sendable {
    let spool: String
    let shadow: String
    private var task: Task<Void, Never>?
    private let lock = NSLock()

    init(spool: String, shadow: String) throws {
        self.spool = spool
        self.shadow = shadow
        try FileManager.default.createDirectory(atPath: shadow, withIntermediateDirectories: true)
        task = Task.detached { [weak self] in
            while !Task.isCancelled {
                self?.linkNewSegments()
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    deinit { task?.cancel() }

    /// Stops watching after a last look.
    func finish() {
        task?.cancel()
        linkNewSegments()
    }

    /// Links every segment not yet linked; a segment name that now holds another file (a
    /// segment recreated after a crash during its creation) is linked again.
    func linkNewSegments() {
        lock.lock()
        defer { lock.unlock() }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: spool) else { return }
        for name in names where name.hasSuffix(".seg") {
            let source = spool + "/" + name, target = shadow + "/" + name
            var sourceStat = stat(), targetStat = stat()
            guard stat(source, &sourceStat) == 0 else { continue }
            if stat(target, &targetStat) == 0 {
                if targetStat.st_ino == sourceStat.st_ino { continue }
                unlink(target)
            }
            link(source, target)
        }
    }
}
