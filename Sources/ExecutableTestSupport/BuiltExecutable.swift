import Foundation

/// The executables `swift build --build-tests` puts next to the test bundle, found by product name.
public enum BuiltExecutable {
    /// The test runner itself: `…/debug/pganalyticsPackageTests.xctest` on Linux (a file), the
    /// executable inside the bundle's `Contents/MacOS` on macOS.
    private static let runner: String = {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return exe }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }()

    /// The build products directory that holds the test runner and the executables.
    public static let directory: String = {
        var url = URL(fileURLWithPath: runner).deletingLastPathComponent()
        if url.path.hasSuffix(".xctest/Contents/MacOS") {
            url = url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return url.path
    }()

    /// The places looked at for `name`: each directory from the runner's up to the first
    /// `…/debug` or `…/release`, nearest first.
    public static func candidates(_ name: String) -> [String] {
        var candidates: [String] = []
        var dir = runner
        while let slash = dir.lastIndex(of: "/") {
            dir = String(dir[..<slash])
            candidates.append(dir + "/" + name)
            if dir.hasSuffix("/debug") || dir.hasSuffix("/release") { break }
        }
        return candidates
    }

    /// The built executable `name` (a product name such as `pganalytics`), or nil when none of
    /// ``candidates(_:)`` is an executable file.
    public static func locate(_ name: String) -> String? {
        candidates(name).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The built executable `name`; when it is not found, the path it would have in
    /// ``directory``, so that starting it fails naming that path.
    public static func path(_ name: String) -> String {
        locate(name) ?? directory + "/" + name
    }
}
