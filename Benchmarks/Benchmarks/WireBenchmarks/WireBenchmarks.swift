// package-benchmark suites for the wire codec, over the realistic batches of SampleBatches.
//
// For each batch kind (one sampling round's frames of that kind):
//   encode <kind>        Batch -> compressed BATCH frame bytes (LZ4 + CRC-32C + header)
//   build+encode <kind>  row values -> Batch -> frame bytes (the collector's whole path)
//   decode <kind>        stream bytes -> MessageDecoder -> validated BATCH messages
//   lz4 <kind>           baseline: LZ4_decompress_safe of the same frames' payloads
// Besides wall clock and throughput (iterations/s), each reports custom metrics "frame MB/s" and
// "rows/s" computed from the frames it handled.
//
// Run: tools/bench-wire --benchmarks   (or: swift package --package-path Benchmarks benchmark)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Benchmark
import SampleBatches
import WireProtocol

let frameMBps = BenchmarkMetric.custom("frame MB/s", polarity: .prefersLarger, useScalingFactor: false)
let rowsPerSecond = BenchmarkMetric.custom("rows/s", polarity: .prefersLarger, useScalingFactor: false)

func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Runs `body` over the scaled iterations and records frame MB/s and rows/s alongside.
@inline(__always)
func measured(_ benchmark: Benchmark, kind: BatchKind, _ body: () throws -> Void) rethrows {
    let iterations = benchmark.scaledIterations
    let start = monotonicNanos()
    for _ in iterations { try body() }
    let seconds = Double(monotonicNanos() - start) / 1e9
    let count = Double(iterations.count)
    benchmark.measurement(frameMBps, Int((Double(kind.frameByteCount) * count / seconds / 1e6).rounded()))
    benchmark.measurement(rowsPerSecond, Int((Double(kind.rowCount) * count / seconds).rounded()))
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, frameMBps, rowsPerSecond],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: .count(1_000)
    )

    for kind in Samples.kinds() {
        let stream = kind.stream
        let batches = kind.batches
        let values = batches.map { ($0.family, $0.batch.columns, $0.batch.rows) }

        Benchmark("encode \(kind.name)") { benchmark in
            measured(benchmark, kind: kind) {
                for (index, sample) in batches.enumerated() {
                    blackHole(Message.batch(sequence: UInt64(index + 1), sample.batch).frame(compress: true).bytes)
                }
            }
        }

        Benchmark("build+encode \(kind.name)") { benchmark in
            try measured(benchmark, kind: kind) {
                for (index, (family, columns, rows)) in values.enumerated() {
                    let batch = try Batch(family: family, sampledAt: SampleTime.sampledAt, columns: columns, rows: rows)
                    blackHole(Message.batch(sequence: UInt64(index + 1), batch).frame(compress: true).bytes)
                }
            }
        }

        Benchmark("decode \(kind.name)") { benchmark in
            try measured(benchmark, kind: kind) {
                var decoder = MessageDecoder()
                decoder.append(stream)
                while let message = try decoder.next() {
                    guard case .batch(_, let batch) = message else { fatalError("not a BATCH") }
                    blackHole(batch.rowCount)
                }
                try decoder.finish()
            }
        }

        Benchmark("lz4 \(kind.name)") { benchmark in
            try measured(benchmark, kind: kind) {
                for sample in batches {
                    let raw = try sample.compressedPayload.withUnsafeBytes { (input) throws in
                        try LZ4Block.decompress(input, rawLength: sample.rawLength)
                    }
                    blackHole(raw)
                }
            }
        }
    }
}
