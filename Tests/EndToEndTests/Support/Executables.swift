import ExecutableTestSupport
import Foundation

/// The executables `swift build --build-tests` put next to the test bundle.
enum Executables {
    static var collector: String { BuiltExecutable.path("pganalytics") }
    static var backend: String { BuiltExecutable.path("pganalytics-api") }
    static var dump: String { BuiltExecutable.path("pga-dump") }

    /// The repository's root, for `tools/pg-cluster`.
    static let repositoryRoot: String = {
        // …/Tests/EndToEndTests/Support/Executables.swift
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url = url.deletingLastPathComponent() }
        return url.path
    }()
}
