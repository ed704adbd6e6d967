import ExecutableTestSupport
import Foundation
import Shipper
import Spool
import WireProtocol

/// A spool in a temporary directory with small segments, so a few hundred records span many.
struct TestSpool {
    let directory: TemporaryDirectory
    let spool: Spool

    init(segmentBytes: Int = 8192) throws {
        directory = try TemporaryDirectory(prefix: "pga-shipper-")
        spool = try Spool.open(
            directory: directory.file("spool"),
            options: SpoolOptions(fsync: .interval(milliseconds: 5), segmentBytes: segmentBytes, maxBytes: 1 << 30))
    }

    /// Appends `count` BATCH frames of `family`, each with a few rows that depend on its sequence,
    /// and returns their bytes by sequence.
    @discardableResult
    func append(_ count: Int, family: String = "test_family") throws -> [UInt64: [UInt8]] {
        try Self.append(count, to: spool, family: family)
    }

    /// Appends `count` test batches to `spool`; see ``append(_:family:)``.
    @discardableResult
    static func append(_ count: Int, to spool: Spool, family: String = "test_family") throws -> [UInt64: [UInt8]] {
        var written: [UInt64: [UInt8]] = [:]
        for _ in 0..<count {
            let sequence = spool.nextSequence
            let batch = try Batch(
                family: family, sampledAt: Int64(sequence) * 1_000_000,
                columns: [ColumnDescriptor(name: "n", type: .int8), ColumnDescriptor(name: "label", type: .text)],
                rows: (0..<3).map { [.int8(Int64(sequence) * 10 + Int64($0)), .text("row \($0) of \(sequence)")] })
            let bytes = Message.batch(sequence: sequence, batch).frame().bytes
            try spool.append(bytes, samples: 3)
            written[sequence] = bytes
        }
        return written
    }

    func remove() {
        try? spool.close()
        directory.remove()
    }
}

/// Shipper settings for tests: fast retries, the given window.
func testConfiguration(port: Int, pki: TestPKI, windowFrames: Int = 64, windowBytes: Int = 1 << 20) -> ShipperConfiguration {
    var configuration = ShipperConfiguration(
        backend: BackendAddress(host: "127.0.0.1", port: port), credentials: pki.paths, software: "pganalytics/test",
        hostname: "test-host")
    configuration.serverName = TestPKI.serverName
    configuration.windowFrames = windowFrames
    configuration.windowBytes = windowBytes
    configuration.backoffBaseMilliseconds = 20
    configuration.backoffCapMilliseconds = 200
    configuration.refusedRetryMilliseconds = 100
    configuration.connectTimeoutMilliseconds = 5_000
    configuration.helloTimeoutMilliseconds = 10_000
    return configuration
}

/// Polls `condition` every 20 ms until it holds; fails after `seconds` so a broken test cannot
/// hang, with what `log` captured (if given) in the error.
func eventually(_ what: String, seconds: Double = 60, log: CapturingLog? = nil, _ condition: () throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TimedOut(what: what, log: log?.entries.map { "\($0.level) \($0.message) \($0.metadata)" } ?? [])
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var log: [String]
    var description: String {
        "timed out waiting for \(what)" + (log.isEmpty ? "" : "; log:\n" + log.joined(separator: "\n"))
    }
}

/// Runs a shipper in a task for the duration of `body`, then stops it.
func withShipper<T>(_ shipper: Shipper, _ body: () async throws -> T) async throws -> T {
    let task = Task { await shipper.run() }
    do {
        let result = try await body()
        task.cancel()
        await task.value
        return result
    } catch {
        task.cancel()
        await task.value
        throw error
    }
}
