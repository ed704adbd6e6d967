import Glibc
import Spool
import WireProtocol

/// A spool written with the real Spool API in a fresh directory under /tmp, removed when the
/// value goes away.
final class TestSpool {
    /// The temporary directory; the spool is `directory/spool`.
    let root: String
    var directory: String { root + "/spool" }

    init() {
        var template = Array("/tmp/pga-dump-test-XXXXXX".utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { removeTree(root) }

    /// Small segments, so that a few dozen records rotate across several.
    static func options(segmentBytes: Int = 4096, maxBytes: Int64 = 1 << 30) -> SpoolOptions {
        SpoolOptions(fsync: .never, segmentBytes: segmentBytes, maxBytes: maxBytes)
    }

    /// Appends fixture records `range`, acknowledges through `acknowledged` (0: nothing), closes.
    @discardableResult
    static func make(records range: ClosedRange<UInt64> = 1...60, acknowledged: UInt64 = 0,
                     options: SpoolOptions = options(), compress: Bool = true) throws -> TestSpool {
        let spool = TestSpool()
        try spool.append(range, acknowledged: acknowledged, options: options, compress: compress)
        return spool
    }

    /// Opens the spool, appends `range`, acknowledges, closes.
    func append(_ range: ClosedRange<UInt64>, acknowledged: UInt64 = 0, options: SpoolOptions = TestSpool.options(),
                compress: Bool = true) throws {
        let spool = try Spool.open(directory: directory, options: options)
        for sequence in range {
            try spool.append(FixtureBatches.frame(sequence, compress: compress), samples: FixtureBatches.rowCount(sequence))
        }
        if acknowledged > 0 { try spool.acknowledge(through: acknowledged) }
        try spool.close()
    }

    /// Opens and closes the spool, which lets recovery remove acknowledged segments.
    func reopen() throws {
        try Spool.open(directory: directory, options: TestSpool.options()).close()
    }

    /// Full paths of the segment files, in sequence order.
    var segments: [String] { files.filter { $0.hasSuffix(".seg") }.map { directory + "/" + $0 } }

    /// Names of every file in the spool directory, sorted.
    var files: [String] { listDirectory(directory).sorted() }

    /// Where each record on disk is, computed from the fixture's frame sizes (not by the tool).
    func layout(compress: Bool = true) -> [RecordPlace] {
        var places: [RecordPlace] = []
        for segment in segments {
            var offset = 32
            var sequence = UInt64(baseName(segment).prefix(20))!
            while offset < FileBytes.size(segment) {
                let length = FixtureBatches.frame(sequence, compress: compress).count
                places.append(RecordPlace(segment: segment, offset: offset, sequence: sequence, length: length))
                offset += length
                sequence += 1
            }
        }
        return places
    }

    /// Sequences of the records on disk: from the first segment's name through `last`.
    func sequencesOnDisk(last: UInt64) -> ClosedRange<UInt64> {
        let first = UInt64(baseName(segments.first!).prefix(20))!
        return first...last
    }
}

func baseName(_ path: String) -> String { String(path.split(separator: "/").last!) }

func listDirectory(_ path: String) -> [String] {
    guard let d = opendir(path) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

func removeTree(_ path: String) {
    for name in listDirectory(path) {
        let child = path + "/" + name
        if unlink(child) != 0 { removeTree(child) }
    }
    rmdir(path)
}

/// A record's place in a test spool.
struct RecordPlace {
    /// Full path of the segment file.
    var segment: String
    var offset: Int
    var sequence: UInt64
    /// Frame bytes.
    var length: Int

    var segmentName: String { baseName(segment) }
}
