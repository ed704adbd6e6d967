import Foundation
import Testing

/// What one run of the built `pga-dump` printed and how it exited.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String

    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }

    /// Each stdout line parsed as a JSON object.
    func jsonLines() throws -> [[String: Any]] {
        try lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not a JSON object: \(line)")
        }
    }
}

/// Runs `pga-dump` with `arguments` and waits for it.
///
/// When `spool` is given, every file in it is compared byte for byte before and after the
/// run: pga-dump must never write to a spool, whatever it finds there.
@discardableResult
func pgaDump(_ arguments: [String], spool: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
    let before = spool.map(DirectorySnapshot.init)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: pgaDumpExecutable)
    process.arguments = arguments
    let out = try OutputFile(), err = try OutputFile()
    process.standardOutput = out.handle
    process.standardError = err.handle
    try process.run()
    process.waitUntilExit()
    let result = RunResult(status: process.terminationStatus, stdout: out.contents(), stderr: err.contents())
    if let spool, let before {
        #expect(DirectorySnapshot(spool) == before, "pga-dump \(arguments.joined(separator: " ")) changed the spool", sourceLocation: sourceLocation)
    }
    return result
}

/// A temporary file that collects a child's output, so that a large output never blocks the
/// child on a full pipe, and a running child's output can be read while it runs.
final class OutputFile {
    let path: String
    let handle: FileHandle

    init() throws {
        path = NSTemporaryDirectory() + "pga-dump-out-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    func contents() -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}

/// The `pga-dump` built next to the test bundle (`swift build --build-tests` builds both).
let pgaDumpExecutable: String = {
    var candidates: [String] = []
    var dir = Bundle.main.executablePath ?? CommandLine.arguments[0]
    // The test runner is …/debug/pganalyticsPackageTests.xctest; the tool is …/debug/pga-dump.
    while let slash = dir.lastIndex(of: "/") {
        dir = String(dir[..<slash])
        candidates.append(dir + "/pga-dump")
        if dir.hasSuffix("/debug") || dir.hasSuffix("/release") { break }
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "pga-dump"
}()
