import ExecutableTestSupport
import Foundation

/// The built `pganalytics` binary and the files its runs use.
enum CLI {
    static let binary = ProductRunner(product: "pganalytics")

    static func temporaryDirectory() throws -> URL {
        URL(fileURLWithPath: try TemporaryDirectory(prefix: "pga-cli-").path)
    }

    static func writeConfig(_ text: String, in directory: URL, mode: Int = 0o600) throws -> String {
        let path = directory.appendingPathComponent("collector.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }
}
