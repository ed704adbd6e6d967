import Foundation

/// The executables `swift build --build-tests` put next to the test bundle.
enum Executables {
    /// The build products directory: where the test runner itself lives.
    static let directory: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // macOS: the bundle's executable is inside Contents/MacOS.
        if url.path.hasSuffix(".xctest/Contents/MacOS") {
            url = url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return url.path
    }()

    static var collector: String { directory + "/pganalytics" }
    static var backend: String { directory + "/pganalytics-api" }
    static var dump: String { directory + "/pga-dump" }

    /// The repository's root, for `tools/pg-cluster`.
    static let repositoryRoot: String = {
        // …/Tests/EndToEndTests/Support/Executables.swift
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url = url.deletingLastPathComponent() }
        return url.path
    }()
}
