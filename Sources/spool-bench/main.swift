// Measures the spool against the issue 3 acceptance figures in one run:
//   1. group-commit append throughput vs. a plain loop writing the same bytes sequentially with
//      one fdatasync per 10 ms (target: ratio >= 0.7);
//   2. recovery (Spool.open) of a 1 GiB spool whose last segment has a torn tail (target: < 1 s).
//
// Usage: spool-bench [--dir DIR] [--record-bytes N] [--total-mib N] [--spool-gib N]
import Glibc
import Spool
import WireProtocol


func argument(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let value = Int(args[i + 1]) else { return fallback }
    return value
}
func stringArgument(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return fallback }
    return args[i + 1]
}
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
func check(_ ok: Bool, _ message: String) {
    if !ok { print("spool-bench: \(message)"); exit(1) }
}
/// Removes a directory of plain files.
func removeTree(_ path: String) {
    if let d = opendir(path) {
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
            if name != "." && name != ".." { unlink(path + "/" + name); rmdir(path + "/" + name) }
        }
        closedir(d)
    }
    rmdir(path)
}
/// `value` with `digits` decimals.
func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        if digits == 0 { text = String(text[..<dot]) }
    }
    return text
}
func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

let base = stringArgument("--dir", "/tmp")
let recordBytes = argument("--record-bytes", 1024)
let totalMiB = argument("--total-mib", 256)
let spoolGiB = argument("--spool-gib", 1)
var template = "\(base)/spool-bench-XXXXXX".utf8CString
let workDir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
defer { removeTree(workDir) }

/// Frames 1...count back to back, and where each starts.
func buildFrames(count: Int, payloadBytes: Int, firstSequence: UInt64 = 1) -> (bytes: [UInt8], offsets: [Int]) {
    var payload = [UInt8](repeating: 0, count: payloadBytes)
    for i in 0..<payloadBytes { payload[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
    var bytes = [UInt8]()
    bytes.reserveCapacity(count * (payloadBytes + FrameHeader.size))
    var offsets = [Int]()
    offsets.reserveCapacity(count + 1)
    for i in 0..<count {
        offsets.append(bytes.count)
        payload[0] = UInt8(truncatingIfNeeded: i)
        bytes += Frame.make(type: .batch, sequence: firstSequence + UInt64(i), rawPayload: payload, compress: false).bytes
    }
    offsets.append(bytes.count)
    return (bytes, offsets)
}

// 1. Throughput.
let payloadBytes = recordBytes - FrameHeader.size
let recordCount = totalMiB << 20 / recordBytes
let (frames, offsets) = buildFrames(count: recordCount, payloadBytes: payloadBytes)
let megabytes = Double(frames.count) / 1e6
print("records: \(recordCount) of \(recordBytes) bytes, \(fixed(megabytes, 1)) MB per run, in \(workDir)")

func plainLoop() -> Double {
    let path = workDir + "/plain.bin"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    check(fd >= 0, "open \(path)")
    let start = now()
    var lastSync = start
    var offset = 0
    frames.withUnsafeBytes { raw in
        for i in 0..<recordCount {
            let length = offsets[i + 1] - offsets[i]
            let n = pwrite(fd, raw.baseAddress! + offsets[i], length, off_t(offset))
            check(n == length, "plain pwrite")
            offset += length
            let t = now()
            if t - lastSync >= 0.010 {
                fdatasync(fd)
                lastSync = t
            }
        }
    }
    fdatasync(fd)
    let elapsed = now() - start
    close(fd)
    unlink(path)
    return elapsed
}

/// Records the last multi-threaded run appended.
nonisolated(unsafe) var completed = 0

func spoolRun(_ fsync: FsyncPolicy, threads: Int) -> Double {
    let dir = workDir + "/spool-\(threads)"
    let spool = try! Spool.open(directory: dir, options: SpoolOptions(fsync: fsync, segmentBytes: 64 << 20, maxBytes: 64 << 30))
    let start = now()
    if threads == 1 {
        frames.withUnsafeBytes { raw in
            for i in 0..<recordCount {
                let record = UnsafeRawBufferPointer(rebasing: raw[offsets[i]..<offsets[i + 1]])
                do { try spool.write(record, samples: 10) } catch { check(false, "append: \(error)") }
            }
        }
        try! spool.waitDurable(UInt64(recordCount))
    } else {
        // Many appenders with fsync=always: each waits for its own record's durability, so
        // throughput comes from group commit. Taking a sequence and writing the record happen
        // under one lock (sequence order); waiting for durability happens outside it.
        final class Shared: @unchecked Sendable {
            var mutex = pthread_mutex_t()
            var next = 0
            var done = 0
        }
        let shared = Shared()
        pthread_mutex_init(&shared.mutex, nil)
        var workers: [pthread_t] = []
        final class Job: @unchecked Sendable {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        for _ in 0..<threads {
            let job = Job {
                frames.withUnsafeBytes { raw in
                    while true {
                        pthread_mutex_lock(&shared.mutex)
                        let i = shared.next
                        shared.next += 1
                        // fsync=always is bounded by fdatasync latency, not bandwidth: run it
                        // for two seconds rather than over every record.
                        if i >= recordCount || now() - start > 2.0 {
                            shared.done = min(shared.next, recordCount)
                            pthread_mutex_unlock(&shared.mutex)
                            return
                        }
                        let record = UnsafeRawBufferPointer(rebasing: raw[offsets[i]..<offsets[i + 1]])
                        let sequence = try! spool.write(record, samples: 10)
                        pthread_mutex_unlock(&shared.mutex)
                        try! spool.waitDurable(sequence)
                    }
                }
            }
            var thread = pthread_t()
            let box = Unmanaged.passRetained(job).toOpaque()
            pthread_create(&thread, nil, { raw in
                Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, box)
            workers.append(thread)
        }
        for thread in workers { pthread_join(thread, nil) }
        completed = shared.done
    }
    let elapsed = now() - start
    try! spool.close()
    removeTree(dir)
    return elapsed
}

func report(_ name: String, _ seconds: Double, records: Int = recordCount) {
    let mb = Double(records) * Double(recordBytes) / 1e6
    print("\(padded(name, 48)) \(fixed(Double(records) / seconds, 0)) records/s  \(fixed(mb / seconds, 1)) MB/s  (\(records) records in \(fixed(seconds, 3)) s)")
}

var plainTimes: [Double] = []
var spoolTimes: [Double] = []
for _ in 0..<3 {
    plainTimes.append(plainLoop())
    spoolTimes.append(spoolRun(.interval(milliseconds: 10), threads: 1))
}
let plain = plainTimes.sorted()[1]
let grouped = spoolTimes.sorted()[1]
report("plain pwrite loop, fdatasync every 10 ms", plain)
report("spool append, fsync=interval(10 ms), 1 thread", grouped)
for threads in [2, 16, 64] {
    let always = spoolRun(.always, threads: threads)
    report("spool append, fsync=always, \(threads) threads", always, records: completed)
}
print("ratio spool/plain (median of 3): \(fixed(plain / grouped, 2)) (target >= 0.70)")

// 2. Recovery of a 1 GiB spool with a torn tail.
let recoveryDir = workDir + "/recovery"
let segmentBytes = 64 << 20
do {
    let spool = try Spool.open(directory: recoveryDir, options: SpoolOptions(fsync: .never, segmentBytes: segmentBytes, maxBytes: Int64(spoolGiB + 1) << 30))
    let (chunk, chunkOffsets) = buildFrames(count: 1, payloadBytes: 4096 - FrameHeader.size)
    _ = chunkOffsets
    var payload = Array(chunk[FrameHeader.size...])
    let target = Int64(spoolGiB) << 30
    var sequence: UInt64 = 1
    while spool.stats.diskBytes < target {
        payload[0] = UInt8(truncatingIfNeeded: sequence)
        try spool.append(Frame.make(type: .batch, sequence: sequence, rawPayload: payload, compress: false).bytes, samples: 40)
        sequence += 1
    }
    let stats = spool.stats
    try spool.close()
    sync()
    // Simulate a crash in the last segment: no seal trailer, and half a record at the end.
    let names = (try? listSegments(recoveryDir)) ?? []
    let last = names.last!
    truncate(recoveryDir + "/" + last, off_t(fileSize(recoveryDir + "/" + last) - 2000))
    let lastIndex = recoveryDir + "/" + last.replacingSuffix(".seg", with: ".idx")
    truncate(lastIndex, off_t(fileSize(lastIndex) - 48))
    print("spool: \(names.count) segments, \(stats.diskBytes >> 20) MiB, \(stats.lastSequence) records; last segment torn")
    let dropCaches = open("/proc/sys/vm/drop_caches", O_WRONLY)
    for cold in [false, true] {
        if cold {
            guard dropCaches >= 0 else { print("cold-cache recovery: skipped (cannot write /proc/sys/vm/drop_caches)"); break }
            sync()
            _ = write(dropCaches, "3\n", 2)
        }
        let start = now()
        let reopened = try Spool.open(directory: recoveryDir, options: SpoolOptions(fsync: .never, segmentBytes: segmentBytes, maxBytes: Int64(spoolGiB + 1) << 30))
        let elapsed = now() - start
        let r = reopened.recovery
        print("recovery (\(cold ? "cold" : "warm") cache): \(fixed(elapsed, 3)) s (target < 1 s); trusted \(r.segmentsTrusted), scanned \(r.segmentsScanned), truncated \(r.bytesTruncated) bytes, problems: \(r.problems.map { $0.code.name }.joined(separator: ","))")
        try reopened.close()
        // The second open finds the repaired spool; tear it again for the cold run.
        let again = (try? listSegments(recoveryDir)) ?? []
        let newest = again.last!
        truncate(recoveryDir + "/" + newest, off_t(fileSize(recoveryDir + "/" + newest) - 2000))
        let newestIndex = recoveryDir + "/" + newest.replacingSuffix(".seg", with: ".idx")
        truncate(newestIndex, off_t(fileSize(newestIndex) - 48))
    }
} catch {
    check(false, "recovery benchmark: \(error)")
}

func listSegments(_ dir: String) throws -> [String] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
        if name.hasSuffix(".seg") { names.append(name) }
    }
    return names.sorted()
}
func fileSize(_ path: String) -> Int64 {
    var st = stat()
    stat(path, &st)
    return Int64(st.st_size)
}
extension String {
    func replacingSuffix(_ suffix: String, with other: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + other : self
    }
}
