import ExecutableTestSupport
import Foundation
import Spool
import Testing

@Suite("--follow")
struct FollowTests {
    /// Waits up to `seconds` for `condition` on the output so far.
    func waitFor(_ output: OutputFile, seconds: Double = 30, _ condition: ([String]) -> Bool) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var lines: [String] = []
        repeat {
            lines = output.contents().split(separator: "\n").map(String.init)
            if condition(lines) { return lines }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        return lines
    }

    func sequences(_ lines: [String]) -> [Int] {
        lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["sequence"] as? Int
        }
    }

    @Test("prints records appended after it started, across segment rotation, and stops on SIGINT")
    func followsAppends() throws {
        let spool = try TestSpool.make(records: 1...10)
        let writer = try Spool.open(directory: spool.directory, options: TestSpool.options())
        let (process, out, err) = try ChildRun.start(pgaDumpExecutable, ["--follow", "--records", "--json", spool.directory])

        // Append one record at a time until the follower shows one: from then on it is tailing.
        var next: UInt64 = 11
        var seen: [Int] = []
        while seen.isEmpty && next < 40 {
            try writer.append(FixtureBatches.frame(next), samples: FixtureBatches.rowCount(next))
            next += 1
            seen = sequences(waitFor(out, seconds: 1) { !sequences($0).isEmpty })
        }
        let first = try #require(seen.first, "the follower printed nothing: \(err.contents())")
        #expect(first > 10, "records on disk before the start are not printed")

        let last: UInt64 = next + 40
        for sequence in next...last {
            try writer.append(FixtureBatches.frame(sequence), samples: FixtureBatches.rowCount(sequence))
        }
        try writer.close()
        #expect(spool.segments.count >= 3, "the appends rotated segments")
        let lines = waitFor(out) { sequences($0).last == Int(last) }
        #expect(sequences(lines) == Array(first...Int(last)))

        let snapshot = DirectorySnapshot(spool.directory)
        Thread.sleep(forTimeInterval: 0.5)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(err.contents().isEmpty)
        #expect(DirectorySnapshot(spool.directory) == snapshot, "following never writes to the spool")
    }

    @Test("--follow --rows --sequence FROM prints matching records already on disk, then new ones")
    func followFromSequence() throws {
        let spool = try TestSpool.make(records: 1...10)
        let (process, out, _) = try ChildRun.start(
            pgaDumpExecutable, ["--follow", "--rows", "--sequence", "9-", "--family", "pg_stat_database", spool.directory])
        _ = waitFor(out) { $0.contains { $0.hasPrefix("== record 10 ") } }
        try spool.append(11...13)
        let lines = waitFor(out) { $0.contains { $0.hasPrefix("== record 13 ") } }
        process.interrupt()
        process.waitUntilExit()
        #expect(lines.filter { $0.hasPrefix("== record ") }.map { $0.split(separator: " ")[2] } == ["10", "13"])
        #expect(process.terminationStatus == 0)
    }
}
