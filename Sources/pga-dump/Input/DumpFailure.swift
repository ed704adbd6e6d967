import Glibc
import Spool

/// A failure that ends pga-dump with one line on standard error and a documented exit code
/// (docs/pga-dump.md, "Exit codes"). Codes follow sysexits(3).
struct DumpFailure: Error, CustomStringConvertible {
    /// The process exit status.
    var exitCode: Int32
    /// The line printed after `pga-dump: `.
    var message: String

    /// 1: `--verify` found damage.
    static let damageFound: Int32 = 1
    /// 64 (EX_USAGE): the command line is wrong.
    static let usage: Int32 = 64
    /// 65 (EX_DATAERR): PATH exists but is not a spool directory or a segment file.
    static let notASpool: Int32 = 65
    /// 66 (EX_NOINPUT): PATH, or a file in it, does not exist or cannot be read.
    static let noInput: Int32 = 66
    /// 74 (EX_IOERR): reading failed part way.
    static let ioFailure: Int32 = 74

    var description: String { message }

    /// `open` or `stat` failed: missing or unreadable input.
    static func cannotOpen(_ path: String, errno err: Int32) -> DumpFailure {
        switch err {
        case ENOENT: DumpFailure(exitCode: noInput, message: "\(path): no such file or directory")
        case EACCES, EPERM: DumpFailure(exitCode: noInput, message: "\(path): permission denied")
        case ENOTDIR: DumpFailure(exitCode: noInput, message: "\(path): a component of the path is not a directory")
        default: DumpFailure(exitCode: noInput, message: "\(path): cannot open: \(errnoText(err))")
        }
    }

    /// A system call failed after the input was opened.
    static func ioError(_ path: String, errno err: Int32, _ call: String) -> DumpFailure {
        DumpFailure(exitCode: ioFailure, message: "\(path): \(call) failed: \(errnoText(err))")
    }
}

extension DumpFailure {
    /// A failure of the Spool module's read-only API: opening or listing fails as `cannotOpen`
    /// (66), a later read as `ioError` (74).
    init(_ error: SpoolError) {
        guard let err = error.errno, let path = error.path else {
            self.init(exitCode: Self.ioFailure, message: error.description)
            return
        }
        let call = error.systemCall ?? "read"
        switch call {
        case "open", "opendir": self = .cannotOpen(path, errno: err)
        default: self = .ioError(path, errno: err, call + (error.offset.map { " at offset \($0)" } ?? ""))
        }
    }

    /// Runs `body`, turning a `SpoolError` into a `DumpFailure`.
    static func reading<T>(_ body: () throws(SpoolError) -> T) throws(DumpFailure) -> T {
        do {
            return try body()
        } catch {
            throw DumpFailure(error)
        }
    }
}

/// The text of a system error number.
func errnoText(_ err: Int32) -> String {
    guard let text = strerror(err) else { return "error \(err)" }
    return String(cString: text).lowercased()
}
