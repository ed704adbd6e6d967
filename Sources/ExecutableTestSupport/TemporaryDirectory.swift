#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A fresh directory under the system temporary directory (made by `mkdtemp`, so only this user
/// can enter it), removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    /// The directory.
    public let path: String

    /// Creates the directory; its name starts with `prefix`. Throws the `mkdtemp` error.
    public init(prefix: String = "pga-test-") throws {
        var template = Array((NSTemporaryDirectory() + "/" + prefix + "XXXXXX").utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        path = String(cString: created)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
