import Glibc
import Spool
import Testing

@Suite("reader")
struct ReaderTests {
    @Test("a reader tails a concurrent writer (async)", arguments: [FsyncPolicy.never, .interval(milliseconds: 2), .always])
    func tailsConcurrentWriter(policy: FsyncPolicy) async throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions(fsync: policy))
        let count: UInt64 = 400
        let writer = Task.detached {
            for s in UInt64(1)...count {
                try await spool.append(record(s, size: Int(s % 200)), samples: 1)
                if s % 50 == 0 { try await Task.sleep(for: .milliseconds(2)) }
            }
        }
        let reader = spool.reader(from: 1)
        var seen: [UInt64] = []
        while seen.count < Int(count) {
            let r = try await reader.waitNext()
            #expect(r.bytes == record(r.sequence, size: Int(r.sequence % 200)))
            #expect(r.sequence <= spool.stats.durableSequence, "only durable records are read")
            seen.append(r.sequence)
        }
        try await writer.value
        #expect(seen == Array(1...count))
        #expect(reader.problems.isEmpty)
        try spool.close()
    }

    @Test("a reader blocked on a thread wakes for new records and times out when none come")
    func blockingReader() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions(fsync: .interval(milliseconds: 2)))
        defer { try? spool.close() }
        let reader = spool.reader(from: 1)
        #expect(try reader.next(timeoutMilliseconds: 20) == nil)
        try spool.append(record(1), samples: 1)
        #expect(try reader.next(timeoutMilliseconds: 2000)?.sequence == 1)
    }

    @Test("a waiting reader is released when the spool closes")
    func closeReleasesReader() async throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions(fsync: .always))
        let reader = spool.reader(from: 1)
        let waiting = Task { try await reader.waitNext() }
        try await Task.sleep(for: .milliseconds(20))
        try spool.close()
        do { _ = try await waiting.value; Issue.record("returned a record") } catch let error as SpoolError { #expect(error.code == .closed) }
    }

    @Test("a cancelled wait ends with cancelled")
    func cancelledWait() async throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions(fsync: .always))
        defer { try? spool.close() }
        let waiting = Task { try await spool.waitDurable(5) }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        do { try await waiting.value; Issue.record("returned") } catch let error as SpoolError { #expect(error.code == .cancelled) }
    }
}
