import ExecutableTestSupport
import Glibc
import Spool
import Testing
import WireProtocol

/// A fresh directory under /tmp, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/spool-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { removeTree(path) }

    /// A path inside the directory for a spool.
    var spool: String { path + "/spool" }
}

func removeTree(_ path: String) {
    if let d = opendir(path) {
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
            guard name != "." && name != ".." else { continue }
            let child = path + "/" + name
            if unlink(child) != 0 { removeTree(child) }
        }
        closedir(d)
    }
    rmdir(path)
}

/// The bytes of a BATCH-typed frame with `sequence` and a payload of `size` bytes that depend
/// on the sequence.
func record(_ sequence: UInt64, size: Int = 100) -> [UInt8] {
    var payload = [UInt8](repeating: 0, count: size)
    for i in 0..<size { payload[i] = UInt8(truncatingIfNeeded: sequence &* 7 &+ UInt64(i)) }
    return Frame.make(type: .batch, sequence: sequence, rawPayload: payload, compress: false).bytes
}

/// Options for small, fast tests.
func testOptions(fsync: FsyncPolicy = .never, segmentBytes: Int = 4096, maxBytes: Int64 = 1 << 30,
                 fullPolicy: FullPolicy = .dropOldest) -> SpoolOptions {
    SpoolOptions(fsync: fsync, segmentBytes: segmentBytes, maxBytes: maxBytes, fullPolicy: fullPolicy)
}

/// Appends records `range` and closes the spool.
func writeSpool(_ directory: String, _ range: ClosedRange<UInt64>, size: Int = 100, options: SpoolOptions = testOptions()) throws {
    let spool = try Spool.open(directory: directory, options: options)
    for sequence in range { try spool.append(record(sequence, size: size), samples: 3) }
    try spool.close()
}

/// Every record from `sequence` on, and the reader's problems.
func readAll(_ spool: Spool, from sequence: UInt64 = 1) throws -> (records: [SpoolRecord], problems: [SpoolError]) {
    let reader = spool.reader(from: sequence)
    var records: [SpoolRecord] = []
    while let next = try reader.next() { records.append(next) }
    return (records, reader.problems)
}

/// Segment file names in the directory, sorted.
func segmentFiles(_ directory: String, ext: String = ".seg") -> [String] {
    guard let d = opendir(directory) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
        if name.hasSuffix(ext) { names.append(directory + "/" + name) }
    }
    return names.sorted()
}

func readFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        out += buffer[0..<n]
    }
    return out
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

func truncateFile(_ path: String, to length: Int) {
    precondition(truncate(path, off_t(length)) == 0)
}

func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : -1
}

/// Removes the seal trailer so the next open treats the segment as if the writer had crashed.
func unseal(_ segmentPath: String) {
    let index = String(segmentPath.dropLast(4)) + ".idx"
    let size = fileSize(index)
    if size >= 48 { truncateFile(index, to: size - 48) }
}

/// Flips one bit of a file.
func flipBit(_ path: String, at offset: Int, bit: UInt8 = 0x10) {
    var bytes = readFile(path)
    bytes[offset] ^= bit
    writeFile(path, bytes)
}

/// Where the executables built alongside the tests are; records an issue when `name` is not built.
func builtExecutable(_ name: String) -> String {
    if let path = BuiltExecutable.locate(name) { return path }
    Issue.record("executable \(name) not found next to the tests (looked in \(BuiltExecutable.candidates(name))); build with `swift build --build-tests`")
    return name
}

func monotonicMilliseconds() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
}
