// wire-figures: the Issue 2 acceptance figures, measured in one run.
//
//  (a) decoding BATCH frames (stream bytes -> MessageDecoder: header, CRC-32C, LZ4, BATCH parse
//      and validation) vs raw LZ4 decompression (LZ4_decompress_safe_usingDict with the v1 dictionary,
//      as the frames need) of the same compressed payloads, interleaved
//      in the same process; goal: decode throughput >= 0.5 x LZ4 throughput. The decoder is a
//      long-lived one, as on a backend connection that receives every family each sampling round;
//      a fresh decoder per stream ("cold", first frames of a connection) is shown beside it.
//      The ratio is the median of the per-round ratios (decode and LZ4 timed back to back).
//  (b) bytes per sample (row) on the wire, frame header included, vs the old design's JSON;
//      goal: <= 0.1.
//
// Usage: wire-figures [--rounds N] [--target-ms MS] [--no-check]
//        wire-figures --columns KIND       (per-column compressed size)
//        wire-figures --dump DIR           (raw payloads, to try other compressors)
//        wire-figures --profile KIND [N]   (decode only, for callgrind; KIND as printed, or "lz4:KIND")
// Exits 1 when a ratio misses its goal (unless --no-check), 2 on a codec error.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SampleBatches
import WireProtocol

let decodeGoal = 0.5
let sizeGoal = 0.1

var rounds = 200
nonisolated(unsafe) var targetMilliseconds = 0.25  // short samples: fewer of them include a preemption on a loaded host
var check = true
var profileKind: String?
var profileIterations = 2_000
var columnsKind: String?
var dumpDirectory: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? rounds
    case "--target-ms": targetMilliseconds = Double(arguments.popFirst() ?? "") ?? targetMilliseconds
    case "--no-check": check = false
    case "--columns":
        // Which columns the compressed bytes go to: each column LZ4-compressed on its own.
        columnsKind = arguments.popFirst()
    case "--dump":
        // Writes each batch's raw (uncompressed) payload to DIR/<family>.raw, for other compressors.
        dumpDirectory = arguments.popFirst()
    case "--profile":
        // For valgrind --tool=callgrind: decode one kind's frames N times, nothing else.
        profileKind = arguments.popFirst()
        profileIterations = Int(arguments.popFirst() ?? "") ?? profileIterations
    default:
        print("usage: wire-figures [--rounds N] [--target-ms MS] [--no-check]")
        exit(2)
    }
}

@inline(never) func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Keeps results alive so the optimiser cannot drop the work.
nonisolated(unsafe) var sink = 0
@inline(never) func consume(_ value: Int) { sink &+= value }

func fail(_ message: String) -> Never {
    print("wire-figures: \(message)")
    exit(2)
}

// MARK: - The operations compared

/// The backend's path: stream bytes in, validated BATCH messages out, on the connection's
/// long-lived decoder.
@inline(never) func decodeStream(_ stream: [UInt8], with decoder: inout MessageDecoder) throws -> Int {
    decoder.append(stream)
    var rows = 0
    while let message = try decoder.next() {
        guard case .batch(_, let batch) = message else { fail("not a BATCH") }
        rows += batch.rowCount
    }
    return rows
}

/// The same on a new decoder: the first frames of a connection.
@inline(never) func decodeStreamCold(_ stream: [UInt8]) throws -> Int {
    var decoder = MessageDecoder()
    decoder.append(stream)
    var rows = 0
    while let message = try decoder.next() {
        guard case .batch(_, let batch) = message else { fail("not a BATCH") }
        rows += batch.rowCount
    }
    try decoder.finish()
    return rows
}

/// The baseline: LZ4 block decompression of the same frames' payloads (against the v1
/// dictionary, like the frames: LZ4_decompress_safe_usingDict).
@inline(never) func decompressAll(_ batches: [SampleBatch]) throws -> Int {
    var produced = 0
    for batch in batches {
        let raw = try batch.compressedPayload.withUnsafeBytes { (input) throws -> [UInt8] in
            try LZ4Block.decompress(input, rawLength: batch.rawLength, dictionary: batch.dictionary)
        }
        produced += raw.count &+ Int(raw[raw.count - 1])
    }
    return produced
}

// Stages of decoding, timed separately to show where the time goes.
@inline(never) func stageFrames(_ stream: [UInt8]) throws -> Int {
    var decoder = FrameDecoder()
    decoder.append(stream)
    var n = 0
    while let frame = try decoder.next() { n += frame.payload.count }
    return n
}

@inline(never) func stageCRC(_ batches: [SampleBatch]) -> Int {
    var n = 0
    for batch in batches { n &+= Int(CRC32C.checksum(batch.compressedPayload)) }
    return n
}

@inline(never) func stageParse(_ raws: [[UInt8]], _ schemas: inout BatchSchemaCache) throws -> Int {
    var n = 0
    for raw in raws { n += try Batch.decode(raw, schemas: &schemas).rowCount }
    return n
}

// MARK: - Timing

/// Nanoseconds per call of `body`, measured over `reps` calls.
@inline(__always) func timeReps(_ reps: Int, _ body: () throws -> Int) rethrows -> Double {
    let start = now()
    for _ in 0..<reps { consume(try body()) }
    return Double(now() - start) / Double(reps)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

/// Repetitions of the slower candidate so one timed sample lasts about `targetMilliseconds`.
func calibrate(_ body: () throws -> Int) rethrows -> Int {
    var reps = 1
    while true {
        let ns = try timeReps(reps, body) * Double(reps)
        if ns >= targetMilliseconds * 1e6 / 4 || reps >= 1 << 20 {
            return max(1, Int(Double(reps) * targetMilliseconds * 1e6 / max(ns, 1)))
        }
        reps *= 2
    }
}

func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - s.count))
    return right ? s + padding : padding + s
}

func fixed(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var s = String(rounded)
    if let dot = s.firstIndex(of: ".") {
        let have = s.distance(from: dot, to: s.endIndex) - 1
        if have < decimals { s += String(repeating: "0", count: decimals - have) }
        if decimals == 0 { s.removeSubrange(dot...) }
    } else if decimals > 0 {
        s += "." + String(repeating: "0", count: decimals)
    }
    return s
}

// MARK: - Run

let kinds = Samples.kinds()
var misses: [String] = []

if let dumpDirectory {
    for kind in kinds where !kind.name.hasSuffix("+planning") {
        for sample in kind.batches {
            let raw = sample.batch.encodedPayload()
            guard let file = fopen("\(dumpDirectory)/\(sample.family).raw", "wb") else { fail("cannot write to \(dumpDirectory)") }
            _ = raw.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fclose(file)
        }
    }
    exit(0)
}

if let columnsKind {
    guard let kind = kinds.first(where: { $0.name == columnsKind }) else { fail("no batch kind \(columnsKind)") }
    for sample in kind.batches {
        let batch = sample.batch
        var lines: [(String, Int, Int)] = []
        for column in 0..<batch.columns.count {
            let one: Batch
            do {
                one = try Batch(family: batch.family, sampledAt: batch.sampledAt, columns: [batch.columns[column]],
                                rows: batch.values(column: column).map { [$0] })
            } catch { fail("\(error)") }
            let payload = one.encodedPayload()
            let compressed = payload.withUnsafeBytes { LZ4Block.compress($0)?.count } ?? payload.count
            lines.append(("\(batch.columns[column].name) (\(batch.columns[column].type))", payload.count, compressed))
        }
        let total = lines.reduce(0) { $0 + $1.2 }
        print("\(sample.family): frame \(sample.frameBytes.count) B; columns compressed one by one (each with its own family/schema header) add up to \(total) B")
        for (name, raw, compressed) in lines.sorted(by: { $0.2 > $1.2 }) {
            print("  \(pad(name, 40, right: true)) raw \(pad(String(raw), 6)) lz4 \(pad(String(compressed), 6))  \(fixed(100 * Double(compressed) / Double(total), 1)) %")
        }
    }
    exit(0)
}

if let profileKind {
    let lz4Only = profileKind.hasPrefix("lz4:")
    let name = lz4Only ? String(profileKind.dropFirst(4)) : profileKind
    guard let kind = kinds.first(where: { $0.name == name }) else { fail("no batch kind \(name)") }
    let stream = kind.stream
    do {
        var decoder = MessageDecoder()
        for _ in 0..<profileIterations {
            consume(lz4Only ? try decompressAll(kind.batches) : try decodeStream(stream, with: &decoder))
        }
    } catch {
        fail("\(error)")
    }
    print("profiled \(profileIterations) × \(lz4Only ? "lz4" : "decode") of \(name)")
    exit(0)
}

// Every stream must decode to exactly the batches that were encoded.
for kind in kinds {
    var decoder = MessageDecoder()
    decoder.append(kind.stream)
    var index = 0
    do {
        while let message = try decoder.next() {
            guard case .batch(_, let batch) = message, index < kind.batches.count, batch == kind.batches[index].batch else {
                fail("\(kind.name): frame \(index) does not decode to the batch that was encoded")
            }
            index += 1
        }
        try decoder.finish()
    } catch {
        fail("\(kind.name): \(error)")
    }
    guard index == kind.batches.count else { fail("\(kind.name): \(index) of \(kind.batches.count) frames decoded") }
}

print("pgAnalytics wire figures: \(rounds) interleaved rounds, ~\(fixed(targetMilliseconds, 1)) ms per timed sample, medians")
print("CRC-32C hardware: \(CRC32C.isHardwareAccelerated ? "yes" : "no")")
print("")
print("(a) decode (MessageDecoder: header + CRC-32C + LZ4 + BATCH parse) vs raw LZ4 decompression (with the v1 dictionary), same frames")
print("""
\(pad("batch kind", 28, right: true)) \(pad("frames", 6)) \(pad("rows", 5)) \(pad("frame B", 8)) \(pad("raw B", 7)) \
\(pad("decode µs", 10)) \(pad("MB/s", 7)) \(pad("rows/s", 10)) \(pad("lz4 µs", 8)) \(pad("MB/s", 7)) \(pad("rows/s", 10)) \(pad("ratio", 6))  goal >= \(decodeGoal)
""")

struct Stages { var frames = 0.0, crc = 0.0, lz4 = 0.0, parse = 0.0, cold = 0.0 }
var stageResults: [(BatchKind, Stages)] = []

do {
    for kind in kinds {
        let stream = kind.stream
        let batches = kind.batches
        let raws = try batches.map { (batch) throws in
            try batch.compressedPayload.withUnsafeBytes { (input) throws in
                try LZ4Block.decompress(input, rawLength: batch.rawLength, dictionary: batch.dictionary)
            }
        }
        // Warm up, then calibrate on decode (the slower one) and use the same count for both.
        var decoder = MessageDecoder()
        var schemas = BatchSchemaCache()
        for _ in 0..<200 { consume(try decodeStream(stream, with: &decoder)); consume(try decompressAll(batches)) }
        let reps = try calibrate { try decodeStream(stream, with: &decoder) }
        let lz4Reps = try calibrate { try decompressAll(batches) }

        var decodeTimes: [Double] = []
        var lz4Times: [Double] = []
        var stageTimes: [[Double]] = [[], [], [], []]
        for round in 0..<rounds {
            // Alternate which goes first so drift and cache state favour neither.
            if round % 2 == 0 {
                decodeTimes.append(try timeReps(reps) { try decodeStream(stream, with: &decoder) })
                lz4Times.append(try timeReps(lz4Reps) { try decompressAll(batches) })
            } else {
                lz4Times.append(try timeReps(lz4Reps) { try decompressAll(batches) })
                decodeTimes.append(try timeReps(reps) { try decodeStream(stream, with: &decoder) })
            }
            // The stages, fewer rounds' worth (they only explain the split).
            if round % 4 == 0 {
                stageTimes[0].append(try timeReps(reps) { try stageFrames(stream) })
                stageTimes[1].append(timeReps(reps) { stageCRC(batches) })
                stageTimes[2].append(try timeReps(reps) { try stageParse(raws, &schemas) })
                stageTimes[3].append(try timeReps(reps) { try decodeStreamCold(stream) })
            }
        }
        let decodeNs = median(decodeTimes)
        let lz4Ns = median(lz4Times)
        let frameBytes = Double(kind.frameByteCount)
        let rows = Double(kind.rowCount)
        // Throughput ratio on the same bytes, paired per round so that load on the machine
        // during one round affects both sides of that round's ratio.
        let ratio = median(zip(lz4Times, decodeTimes).map { $0 / $1 })
        let mbps = { (ns: Double) in frameBytes / ns * 1e3 }  // bytes/ns * 1e3 = MB/s
        let rowsps = { (ns: Double) in rows / ns * 1e9 }
        print("""
        \(pad(kind.name, 28, right: true)) \(pad(String(batches.count), 6)) \(pad(String(kind.rowCount), 5)) \
        \(pad(String(kind.frameByteCount), 8)) \(pad(String(kind.rawByteCount), 7)) \
        \(pad(fixed(decodeNs / 1e3, 2), 10)) \(pad(fixed(mbps(decodeNs), 0), 7)) \(pad(fixed(rowsps(decodeNs), 0), 10)) \
        \(pad(fixed(lz4Ns / 1e3, 2), 8)) \(pad(fixed(mbps(lz4Ns), 0), 7)) \(pad(fixed(rowsps(lz4Ns), 0), 10)) \
        \(pad(fixed(ratio, 2), 6))  \(ratio >= decodeGoal ? "ok" : "MISS")
        """)
        print("\(pad("", 28)) spread (p10–p90): decode \(fixed(percentile(decodeTimes, 0.1) / 1e3, 2))–\(fixed(percentile(decodeTimes, 0.9) / 1e3, 2)) µs, lz4 \(fixed(percentile(lz4Times, 0.1) / 1e3, 2))–\(fixed(percentile(lz4Times, 0.9) / 1e3, 2)) µs")
        if ratio < decodeGoal { misses.append("decode \(kind.name): \(fixed(ratio, 2)) < \(decodeGoal)") }
        stageResults.append((kind, Stages(frames: median(stageTimes[0]), crc: median(stageTimes[1]), lz4: lz4Ns, parse: median(stageTimes[2]), cold: median(stageTimes[3]))))
    }
} catch {
    fail("codec error while timing: \(error)")
}

print("")
print("    where decode time goes (medians, µs; stages timed alone, so they need not add up exactly):")
print("    \(pad("batch kind", 28, right: true)) \(pad("frames", 8)) \(pad("(crc)", 8)) \(pad("lz4", 8)) \(pad("parse", 8)) \(pad("sum", 8)) \(pad("cold", 8))")
for (kind, stages) in stageResults {
    let sum = stages.frames + stages.lz4 + stages.parse
    print("    \(pad(kind.name, 28, right: true)) \(pad(fixed(stages.frames / 1e3, 2), 8)) \(pad(fixed(stages.crc / 1e3, 2), 8)) \(pad(fixed(stages.lz4 / 1e3, 2), 8)) \(pad(fixed(stages.parse / 1e3, 2), 8)) \(pad(fixed(sum / 1e3, 2), 8)) \(pad(fixed(stages.cold / 1e3, 2), 8))")
}
print("    frames = FrameDecoder append + header checks + payload copy + CRC-32C; parse = Batch.decode of the raw payload (warm schema cache);")
print("    cold = the whole decode on a new MessageDecoder per stream (a connection's first frames), not part of the goal")

// MARK: - Bytes per sample

print("")
print("(b) bytes per sample (one row of a family): wire = BATCH frame incl. 32-byte header, LZ4 HC + v1 dictionary; JSON = old design's array")
print("\(pad("family", 28, right: true)) \(pad("rows", 5)) \(pad("cols", 5)) \(pad("raw B", 7)) \(pad("wire B", 7)) \(pad("JSON B", 8)) \(pad("wire B/row", 10)) \(pad("JSON B/row", 10)) \(pad("ratio", 6))  goal <= \(sizeGoal)")
func sizeLine(_ name: String, rows: Int, columns: String, raw: Int, wire: Int, json: Int) -> Double {
    let ratio = Double(wire) / Double(json)
    print("""
    \(pad(name, 28, right: true)) \(pad(String(rows), 5)) \(pad(columns, 5)) \(pad(String(raw), 7)) \(pad(String(wire), 7)) \(pad(String(json), 8)) \
    \(pad(fixed(Double(wire) / Double(rows), 1), 10)) \(pad(fixed(Double(json) / Double(rows), 1), 10)) \(pad(fixed(ratio, 3), 6))  \(ratio <= sizeGoal ? "ok" : "MISS")
    """)
    return ratio
}
var roundRows = 0, roundRaw = 0, roundWire = 0, roundJSON = 0
for kind in kinds {
    for batch in kind.batches {
        _ = sizeLine(batch.family == kind.name || kind.batches.count == 1 ? kind.name : batch.family,
                     rows: batch.rowCount, columns: String(batch.batch.columns.count),
                     raw: batch.rawLength + 32, wire: batch.frameBytes.count, json: batch.json.count)
    }
    if kind.batches.count > 1 {
        _ = sizeLine("\(kind.name) (all families)", rows: kind.rowCount, columns: "", raw: kind.rawByteCount + 32 * kind.batches.count,
                     wire: kind.frameByteCount, json: kind.jsonByteCount)
    }
    // The default round has track_planning off; the +planning variant is the same family again.
    if !kind.name.hasSuffix("+planning") {
        roundRows += kind.rowCount; roundRaw += kind.rawByteCount + 32 * kind.batches.count
        roundWire += kind.frameByteCount; roundJSON += kind.jsonByteCount
    }
}
let overall = sizeLine("one sampling round", rows: roundRows, columns: "", raw: roundRaw, wire: roundWire, json: roundJSON)
if overall > sizeGoal { misses.append("size overall: \(fixed(overall, 3)) > \(sizeGoal)") }
print("    raw B = frame with the payload uncompressed; one sampling round = every family once (track_planning off)")
print("    the size goal is checked on the sampling round (all samples a collector ships); per-family ratios are shown for")
print("    analysis: a family of a few rows cannot reach 0.1 because its schema and 32-byte header are sent once per frame")

print("")
if misses.isEmpty {
    print("all goals met")
} else {
    print("goals missed:")
    for miss in misses { print("  \(miss)") }
}
if sink == 42 { print("") }
exit(check && !misses.isEmpty ? 1 : 0)
