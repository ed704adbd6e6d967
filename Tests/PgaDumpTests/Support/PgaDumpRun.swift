import ExecutableTestSupport
import Foundation
import Testing

/// What one run of the built `pga-dump` printed, line by line.
extension RunResult {
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
    let result = try ChildRun.run(pgaDumpExecutable, arguments, outputPrefix: "pga-dump-out-")
    if let spool, let before {
        #expect(DirectorySnapshot(spool) == before, "pga-dump \(arguments.joined(separator: " ")) changed the spool", sourceLocation: sourceLocation)
    }
    return result
}

/// The `pga-dump` built next to the test bundle (`swift build --build-tests` builds both).
let pgaDumpExecutable = BuiltExecutable.path("pga-dump")
