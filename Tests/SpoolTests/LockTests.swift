import Foundation
import Spool
import Testing

@Suite("directory lock")
struct LockTests {
    @Test("a second open in the same process fails with locked, naming directory and PID")
    func sameProcess() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        do {
            _ = try Spool.open(directory: dir.spool, options: testOptions())
            Issue.record("second open succeeded")
        } catch {
            #expect(error.code == .locked)
            #expect(error.path == dir.spool)
            #expect(error.detail.contains("\(getpid())"))
        }
        try spool.close()
        let again = try Spool.open(directory: dir.spool, options: testOptions())
        try again.close()
    }

    @Test("another process cannot open a spool this process holds")
    func otherProcessBlocked() throws {
        let dir = TemporaryDirectory()
        let spool = try Spool.open(directory: dir.spool, options: testOptions())
        defer { try? spool.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: builtExecutable("spool-crash-writer"))
        process.arguments = [dir.spool]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 3)
        #expect(message.contains("locked"))
        #expect(message.contains(dir.spool))
    }

    @Test("this process cannot open a spool another process holds; the error names its PID")
    func heldByOtherProcess() throws {
        let dir = TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: builtExecutable("spool-crash-writer"))
        process.arguments = [dir.spool, "--hold"]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let line = stdout.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("locked"))
        do {
            _ = try Spool.open(directory: dir.spool, options: testOptions())
            Issue.record("open succeeded while another process holds the lock")
        } catch {
            #expect(error.code == .locked)
            #expect(error.detail.contains("process \(process.processIdentifier)"))
        }
    }
}
