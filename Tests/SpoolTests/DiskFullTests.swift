import Glibc
import Spool
import Testing

/// A 4 MiB tmpfs mounted for one test. Mounting needs root (tests run as root here); when it is
/// not permitted the test fails with that reason rather than passing without having run.
final class SmallFileSystem {
    let path: String
    let mounted: Bool
    private let parent = TemporaryDirectory()

    init() {
        path = parent.path + "/tmpfs"
        mkdir(path, 0o755)
        mounted = mount("tmpfs", path, "tmpfs", 0, "size=4m") == 0
        if !mounted {
            Issue.record("cannot mount a 4 MiB tmpfs at \(path) (errno \(errno)); this test needs root (CAP_SYS_ADMIN)")
        }
    }

    deinit {
        if mounted { umount2(path, Int32(MNT_DETACH)) }
    }
}

@Suite("disk full")
struct DiskFullTests {
    @Test("dropOldest: a writer on a full file system keeps running and counts what it dropped")
    func dropOldestOnFullDisk() throws {
        let fs = SmallFileSystem()
        guard fs.mounted else { return }
        let dir = fs.path + "/spool"
        let options = SpoolOptions(fsync: .always, segmentBytes: 256 << 10, maxBytes: 1 << 30)
        let spool = try Spool.open(directory: dir, options: options)
        for s in UInt64(1)...2000 {
            try spool.append(record(s, size: 8000), samples: 4)
        }
        let stats = spool.stats
        #expect(stats.droppedRecords > 0)
        #expect(stats.droppedSamples == stats.droppedRecords * 4)
        #expect(stats.lastSequence == 2000)
        let first = try #require(stats.firstSequence)
        #expect(stats.droppedRecords == first - 1)
        try spool.close()

        let reopened = try Spool.open(directory: dir, options: options)
        defer { try? reopened.close() }
        #expect(reopened.stats.droppedRecords == stats.droppedRecords)
        let (records, problems) = try readAll(reopened, from: first)
        #expect(problems.isEmpty)
        #expect(records.map(\.sequence) == Array(first...2000))
    }

    @Test("block: a full file system gives diskFull, and acknowledgements make room again")
    func blockOnFullDisk() throws {
        let fs = SmallFileSystem()
        guard fs.mounted else { return }
        let dir = fs.path + "/spool"
        let spool = try Spool.open(directory: dir, options: SpoolOptions(fsync: .always, segmentBytes: 256 << 10, maxBytes: 1 << 30,
                                                                         fullPolicy: .block(maxWaitMilliseconds: 0)))
        defer { try? spool.close() }
        var s: UInt64 = 1
        var failure: SpoolError?
        while failure == nil, s < 5000 {
            do { try spool.append(record(s, size: 8000), samples: 1); s += 1 } catch { failure = error }
        }
        #expect(failure?.code == .diskFull)
        #expect(failure?.errno == ENOSPC)
        #expect(spool.stats.droppedRecords == 0)
        try spool.acknowledge(through: s - 1)
        try spool.append(record(s, size: 8000), samples: 1)
        let (records, _) = try readAll(spool, from: s)
        #expect(records.map(\.sequence) == [s])
    }
}
