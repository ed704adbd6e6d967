#if canImport(Glibc)
import Glibc
#endif
import Collector
import Logging
import Spool
import WireProtocol

/// A clock that jumps straight to each deadline, and can deliver scripted signals.
final class RunFakeClock: RunClock {
    var now: Int64
    private(set) var waits = 0
    /// Signal returned by the n-th wait (1-based) instead of advancing.
    var signals: [Int: RunSignal] = [:]
    /// Every wait after this many returns `.terminate`.
    var stopAfter: Int

    init(startMicros: Int64, stopAfter: Int) {
        self.now = startMicros
        self.stopAfter = stopAfter
    }

    func nowMicros() -> Int64 { now }

    func wait(untilMicros deadline: Int64) -> RunSignal? {
        waits += 1
        if let signal = signals[waits] { return signal }
        if waits > stopAfter { return .terminate }
        now = max(now, deadline)
        return nil
    }
}

/// A sampler that makes one small batch per requested family and fails on demand.
final class RunFakeSampler: Sampler {
    let name: String
    let families: [String]
    var failing: [String: String] = [:]
    var unavailable: [String: String] = [:]
    private(set) var calls: [(Set<String>, SampleTime)] = []

    init(name: String = "fake", families: [String]) {
        self.name = name
        self.families = families
    }

    func availability() -> [FamilyAvailability] {
        families.map { family in
            FamilyAvailability(family: family, status: unavailable[family].map { .unavailable(reason: $0) } ?? .available)
        }
    }

    func collect(_ requested: Set<String>, at time: SampleTime) -> SampleResult {
        calls.append((requested, time))
        var result = SampleResult()
        for family in requested.sorted() {
            if let message = failing[family] {
                result.failures[family] = message
                continue
            }
            let columns = [ColumnDescriptor(name: "round", type: .int8), ColumnDescriptor(name: "label", type: .text)]
            result.batches.append(try! Batch(family: family, sampledAt: time.microsecondsSince2000, columns: columns,
                                             rows: [[.int8(Int64(calls.count)), .text(name)]]))
        }
        return result
    }
}

enum RunTestSupport {
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/pga-run-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed")
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func removeTree(_ path: String) {
        guard path.hasPrefix("/tmp/pga-") else { return }
        guard let dir = opendir(path) else { unlink(path); return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            var info = stat()
            if lstat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { removeTree(child) } else { unlink(child) }
        }
        closedir(dir)
        rmdir(path)
    }

    /// Every record of the spool in `directory`, decoded: (sequence, batch).
    static func readSpool(_ directory: String) throws -> [(UInt64, Batch)] {
        let spool = try Spool.open(directory: directory, options: SpoolOptions(fsync: .never, segmentBytes: 1 << 20, maxBytes: 64 << 20))
        defer { try? spool.close() }
        let reader = spool.reader(from: 1)
        var out: [(UInt64, Batch)] = []
        while let record = try reader.next() {
            guard case .batch(let sequence, let batch) = try Message.decode(try record.frame()) else { continue }
            out.append((sequence, batch))
        }
        return out
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }
}
