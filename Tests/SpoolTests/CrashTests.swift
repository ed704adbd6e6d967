import Foundation
import Spool
import Testing

@Suite("crash")
struct CrashTests {
    @Test("SIGKILL at random moments, 200 times: every record reported durable survives, none fails its checksum")
    func killedWriter() throws {
        let dir = TemporaryDirectory()
        let executable = builtExecutable("spool-crash-writer")
        var reportedDurable: UInt64 = 0
        let started = Date()
        for iteration in 0..<200 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [dir.spool, "--segment-bytes", "32768"]
            let stdout = Pipe()
            let stderr = Pipe()
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
            usleep(UInt32.random(in: 1_000...30_000))
            kill(process.processIdentifier, SIGKILL)
            let output = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(errors.isEmpty, "iteration \(iteration): writer said \(errors)")
            // Only complete lines count: a line cut by the kill was never fully reported.
            let text = String(decoding: output, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            let complete = text.hasSuffix("\n") ? lines : lines.dropLast()
            if let last = complete.last.flatMap({ UInt64($0) }) { reportedDurable = max(reportedDurable, last) }

            let spool = try Spool.open(directory: dir.spool, options: SpoolOptions(fsync: .never, segmentBytes: 32768))
            let allowed: Set<SpoolError.Code> = [.tornTail, .zeroTail, .samplesUnknown]
            for problem in spool.recovery.problems where !allowed.contains(problem.code) {
                Issue.record("iteration \(iteration): unexpected recovery problem \(problem)")
            }
            let (records, problems) = try readAll(spool)
            #expect(problems.isEmpty, "iteration \(iteration): \(problems)")
            let last = records.last?.sequence ?? 0
            #expect(last >= reportedDurable, "iteration \(iteration): record \(reportedDurable) was reported durable, the spool ends at \(last)")
            #expect(records.map(\.sequence) == Array(1...max(1, last)).prefix(records.count).map { $0 }, "iteration \(iteration): sequences are not contiguous from 1")
            for record in records where (try? record.frame()) == nil {
                Issue.record("iteration \(iteration): record \(record.sequence) fails its checks")
            }
            try spool.close()
            if Date().timeIntervalSince(started) > 55 {
                Issue.record("crash test exceeded 55 s after \(iteration + 1) iterations")
                break
            }
        }
        #expect(reportedDurable > 0)
    }
}
