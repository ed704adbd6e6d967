import ExecutableTestSupport
import Foundation
import Testing

@Suite("errors and help")
struct ErrorTests {
    @Test("a nonexistent path: one line, exit 66")
    func nonexistent() throws {
        let result = try pgaDump(["/nonexistent/pga-dump/spool"])
        #expect(result.status == 66)
        #expect(result.stderr == "pga-dump: /nonexistent/pga-dump/spool: no such file or directory\n")
        #expect(result.stdout.isEmpty)
    }

    @Test("a directory that is not a spool: one line, exit 65")
    func notASpool() throws {
        let spool = TestSpool()
        let result = try pgaDump([spool.root], spool: spool.root)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("pga-dump: \(spool.root): not a spool directory"))
        #expect(result.errorLines.count == 1)
    }

    @Test("a file that is not a segment: one line, exit 65")
    func notASegment() throws {
        let spool = TestSpool()
        let path = spool.root + "/notes.txt"
        FileBytes.write(path, Array("hello, this is not a spool segment\n".utf8))
        let result = try pgaDump([path], spool: spool.root)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("pga-dump: \(path): not a spool segment"))
        #expect(result.errorLines.count == 1)
    }

    @Test("a file named like a segment but holding garbage is read as a damaged segment")
    func garbageSegment() throws {
        let spool = TestSpool()
        let path = spool.root + "/00000000000000000001.seg"
        FileBytes.write(path, [UInt8](repeating: 0x41, count: 100))
        let result = try pgaDump(["--verify", path], spool: spool.root)
        #expect(result.status == 1)
        #expect(result.lines.first?.hasPrefix("00000000000000000001.seg offset 0: badSegmentMagic") == true)
    }

    @Test("permission denied: one line, exit 66 (run as nobody)")
    func permissionDenied() throws {
        let spool = try TestSpool.make(records: 1...3)
        // mkdtemp makes the test root 0700, so the unprivileged user cannot look inside.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", pgaDumpExecutable, spool.directory]
        let err = try OutputFile()
        process.standardError = err.handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 66)
        #expect(err.contents() == "pga-dump: \(spool.directory): permission denied\n")
    }

    @Test("--help has the abstract, examples and exit codes")
    func help() throws {
        let result = try pgaDump(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Inspect and verify a pgAnalytics collector spool, read-only."))
        #expect(result.stdout.contains("pga-dump --verify $SPOOL"))
        #expect(result.stdout.contains("Exit status:"))
        #expect(result.stdout.contains("--since <time>"))
    }

    @Test("a missing PATH is a usage error, exit 64")
    func missingPath() throws {
        let result = try pgaDump([])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Missing expected argument '<path>'"))
    }
}
