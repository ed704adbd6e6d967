import ArgumentParser
import Foundation
import IngestLoad
import PostgresClient
import TLS

/// `ingest-load`: simulated collectors against a running backend (see tools/load-ingest).
@main
struct IngestLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-load",
        abstract: "Load a pganalytics-api ingest listener with simulated collectors over mTLS.",
        discussion: """
            Every mode but copy-files signs its collectors' certificates with the backend's CA \
            (--ca-cert, --ca-key) and registers them in the metrics database (--database-url). \
            Figures are printed as `name: value` lines; the exit status is non-zero when a check fails.
            """,
        subcommands: [Throughput.self, Connections.self, Hostile.self, CopyFilesCommand.self])
}

/// Where the backend is.
struct TargetOptions: ParsableArguments {
    @Option(help: "The ingest listener's address.")
    var host = "127.0.0.1"
    @Option(help: "The ingest listener's port (default: INGEST_PORT, else 8443).")
    var port: Int?
    @Option(help: "The name the server certificate must carry.")
    var serverName = "localhost"
    @Option(help: "The CA certificate (default: TLS_CA).")
    var caCert: String?
    @Option(help: "The CA key (default: CA_KEY).")
    var caKey: String?
    @Option(help: "The metrics database, for registering collectors and counting rows (default: DATABASE_URL).")
    var databaseURL: String?
    @Option(help: "Prefix of the simulated collectors' ids (default: load-<random>).")
    var idPrefix: String?
    @Option(help: "The backend's process id: its CPU time and memory are read from /proc.")
    var backendPID: Int32?
    @Option(help: "Event loop threads of the load tool.")
    var threads = 1

    func target() throws -> LoadTarget {
        let environment = ProcessInfo.processInfo.environment
        guard let caCert = caCert ?? environment["TLS_CA"], let caKey = caKey ?? environment["CA_KEY"] else {
            throw ValidationError("give --ca-cert and --ca-key (or TLS_CA and CA_KEY)")
        }
        guard let url = databaseURL ?? environment["DATABASE_URL"] else {
            throw ValidationError("give --database-url (or DATABASE_URL)")
        }
        let port = port ?? environment["INGEST_PORT"].flatMap { Int($0) } ?? 8443
        let authority = try CertificateAuthority.load(certificatePath: caCert, keyPath: caKey)
        return LoadTarget(host: host, port: port, serverName: serverName, authority: authority,
                          database: ConnectionParameters(url: url))
    }

    var prefix: String { idPrefix ?? "load-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))" }
}

func report(_ name: String, _ value: CustomStringConvertible) {
    print("\(name): \(value)")
}

func format(_ value: Double, _ digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
}

func progress(_ line: String) {
    FileHandle.standardError.write(Data("ingest-load: \(line)\n".utf8))
}

struct Throughput: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "N collectors send realistic rounds, pipelined, for D seconds.")

    @OptionGroup var target: TargetOptions
    @Option(help: "Simulated collectors.")
    var collectors = 100
    @Option(help: "Seconds of measured sending.")
    var seconds = 30.0
    @Option(help: "Unacknowledged frames per collector, at most.")
    var windowFrames = 64
    @Option(help: "Unacknowledged bytes per collector, at most.")
    var windowBytes = 4 << 20

    func run() async throws {
        FileLimit.raiseToHardLimit()
        var options = ThroughputRun.Options()
        options.collectors = collectors
        options.seconds = seconds
        options.windowFrames = windowFrames
        options.windowBytes = windowBytes
        options.idPrefix = target.prefix
        options.eventLoopThreads = target.threads
        options.backendPID = target.backendPID
        let result = try await ThroughputRun(target: try target.target(), options: options).run(log: progress)
        report("collectors", "\(result.established) of \(result.collectors) established")
        report("seconds", format(result.seconds))
        report("rows_per_round", result.roundRows)
        report("frames_sent", result.framesSent)
        report("frames_acknowledged", result.framesAcknowledged)
        report("rows_acknowledged", result.rowsAcknowledged)
        report("rows_per_second", format(result.rowsPerSecond))
        report("frames_per_second", format(result.framesPerSecond))
        report("ack_latency_p50_ms", format(result.latency.p50, 2))
        report("ack_latency_p99_ms", format(result.latency.p99, 2))
        report("ack_latency_max_ms", format(result.latency.max, 2))
        report("rows_drained_after_interval", result.rowsDrained)
        report("rows_in_database", result.committed.rows)
        report("samples_received", result.committed.samplesReceived)
        report("exactly_once", result.exactlyOnce)
        if let cpu = result.backendCPUSeconds, let cores = result.backendCores {
            report("backend_cpu_seconds", format(cpu, 2))
            report("backend_cpu_cores", format(cores, 2))
        }
        if let cpu = result.loadToolCPUSeconds { report("load_tool_cpu_seconds", format(cpu, 2)) }
        report("errors", result.errors)
        report("failed_collectors", result.failures.count)
        for failure in result.failures.prefix(10) { progress("failure: \(failure)") }
        if result.established < result.collectors || !result.failures.isEmpty || !result.exactlyOnce || result.errors.total > 0 {
            throw ExitCode.failure
        }
    }
}

struct Connections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hold N idle mTLS connections (PING only) after WELCOME.")

    @OptionGroup var target: TargetOptions
    @Option(help: "Connections to hold.")
    var connections = 1_000
    @Option(help: "Seconds to hold them once all are established.")
    var seconds = 30.0
    @Option(help: "PING at least every this many seconds.")
    var pingSeconds = 10.0

    func run() async throws {
        let limit = FileLimit.raiseToHardLimit()
        var options = ConnectionsRun.Options()
        options.connections = connections
        options.holdSeconds = seconds
        options.pingSeconds = pingSeconds
        options.idPrefix = target.prefix
        options.eventLoopThreads = target.threads
        options.backendPID = target.backendPID
        let result = try await ConnectionsRun(target: try target.target(), options: options).run(log: progress)
        report("open_file_limit", limit)
        report("connections", "\(result.established) of \(result.connections) established")
        report("held_to_the_end", result.heldToTheEnd)
        report("pongs", result.pongs)
        if let before = result.residentBeforeKiB, let after = result.residentAfterKiB, let per = result.kibPerConnection {
            report("backend_rss_before_kib", before)
            report("backend_rss_after_kib", after)
            report("backend_kib_per_connection", format(per))
        }
        report("errors", result.errors)
        for failure in result.failures.prefix(10) { progress("failure: \(failure)") }
        if result.established < result.connections || result.heldToTheEnd < result.established { throw ExitCode.failure }
    }
}

struct Hostile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every invalid vector and M random mutations of valid frames, each on its own connection after HELLO.")

    @OptionGroup var target: TargetOptions
    @Option(help: "Random mutations to send.")
    var mutations = 10_000
    @Option(help: "The mutations' seed.")
    var seed: UInt64 = 0x4057_11E5
    @Option(help: "The protocol test vectors directory (manifest.json); empty to skip.")
    var vectors = "Protocol/vectors"
    @Option(help: "Connections at a time.")
    var workers = 8
    @Option(help: "The backend's HTTP port: /api/v1/health must answer 200 at the end.")
    var healthPort: Int?

    func run() async throws {
        FileLimit.raiseToHardLimit()
        var options = HostileRun.Options()
        options.mutations = mutations
        options.seed = seed
        options.vectorsDirectory = vectors.isEmpty ? nil : vectors
        options.workers = workers
        options.idPrefix = target.prefix
        options.eventLoopThreads = target.threads
        options.backendPID = target.backendPID
        options.healthPort = healthPort
        let result = try await HostileRun(target: try target.target(), options: options).run(log: progress)
        report("vectors", result.vectors)
        report("mutations", result.mutations)
        report("mutations_redrawn_valid", result.redrawn)
        report("sent_by_kind", result.sentByKind)
        report("outcomes", result.outcomes)
        report("violations", result.failures)
        for example in result.failureExamples { progress("violation: \(example)") }
        if let alive = result.backendAlive { report("backend_alive", alive) }
        if let status = result.healthStatus { report("health_status", status) }
        report("liveness_probe", result.livenessProbe ?? "ok")
        report("hostile_rows_committed", result.committed.rows)
        report("hostile_samples_received", result.committed.samplesReceived)
        report("hostile_committed_sequence", result.committed.maxCommittedSequence)
        report("passed", result.passed)
        if !result.passed { throw ExitCode.failure }
    }
}

struct CopyFilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-files",
        abstract: "Write the baseline's COPY BINARY files (the load's rounds, one file per family) and a psql \\copy script.")

    @Option(help: "Where to write them.")
    var directory: String
    @Option(help: "Rounds of the sample collector.")
    var rounds = 2_000
    @Option(help: "The collector id the rows carry.")
    var collectorID = "load-copy-baseline"

    func run() async throws {
        let written = try CopyFiles(directory: directory, rounds: rounds, collectorID: collectorID).write()
        report("script", written.script)
        report("rows", written.rows)
        report("bytes", written.bytes)
    }
}
