import Foundation

/// A temporary file that collects a child's output, so that a large output never blocks the
/// child on a full pipe, and a running child's output can be read while it runs. The file is
/// removed when the value goes away.
public final class OutputFile: @unchecked Sendable {
    /// Where the output is.
    public let path: String
    /// The write end, to hand to `Process.standardOutput` or `standardError`.
    public let handle: FileHandle

    /// Creates an empty file under the system temporary directory; its name starts with `prefix`.
    public init(prefix: String = "pga-out-") throws {
        path = NSTemporaryDirectory() + prefix + UUID().uuidString
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Everything written so far, as UTF-8 text.
    public func contents() -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
