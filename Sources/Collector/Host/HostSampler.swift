#if canImport(Glibc)
import Glibc
#endif
import WireProtocol

/// Samples the host from Linux's /proc and `statvfs`: CPU, load, memory, disks, file systems,
/// network interfaces, and the collector's own process.
///
/// Every counter is sent cumulative, as the kernel reports it; the metrics database's views
/// compute rates. Reads use plain system calls, no Foundation.
public final class HostSampler: Sampler {
    public let name = "host"
    public let families: [String] = [
        MetricFamily.hostCPU, .hostLoad, .hostMemory, .hostDisk, .hostFilesystem, .hostNetwork, .collectorProcess,
    ].map(\.name)

    /// The /proc directory (a fixture directory in tests).
    public let procRoot: String
    /// Paths whose file systems `host_filesystem` reports, with their role
    /// (`data_directory`, `spool`).
    public var watchedPaths: [(role: String, path: String)]
    /// Finds the PostgreSQL data directory when the configuration does not name it; asked when
    /// availability is checked, until it answers.
    public var resolveDataDirectory: (() -> String?)?

    let ticksPerSecond: Int64
    let cpuCount: Int

    public init(procRoot: String = "/proc", watchedPaths: [(role: String, path: String)] = []) {
        self.procRoot = procRoot
        self.watchedPaths = watchedPaths
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        self.ticksPerSecond = ticks > 0 ? Int64(ticks) : 100
        self.cpuCount = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The file each family reads; a family is available when its file can be read.
    private func source(of family: MetricFamily) -> String {
        switch family {
        case .hostCPU: "\(procRoot)/stat"
        case .hostLoad: "\(procRoot)/loadavg"
        case .hostMemory: "\(procRoot)/meminfo"
        case .hostDisk: "\(procRoot)/diskstats"
        case .hostFilesystem: "\(procRoot)/self/mountinfo"
        case .hostNetwork: "\(procRoot)/net/dev"
        default: "\(procRoot)/self/stat"
        }
    }

    public func availability() -> [FamilyAvailability] {
        if let resolve = resolveDataDirectory, let directory = resolve() {
            watchedPaths.insert(("data_directory", directory), at: 0)
            resolveDataDirectory = nil
        }
        return families.compactMap(MetricFamily.init(rawValue:)).map { family in
            let path = source(of: family)
            if ProcText.read(path, limit: 1) == nil {
                return FamilyAvailability(family: family.name, status: .unavailable(reason: "cannot read \(path)"))
            }
            if family == .hostFilesystem && watchedPaths.isEmpty {
                return FamilyAvailability(family: family.name, status: .unavailable(reason: "no paths to watch (set [postgres] data_directory)"))
            }
            return FamilyAvailability(family: family.name, status: .available)
        }
    }

    public func collect(_ requested: Set<String>, at time: SampleTime) -> SampleResult {
        var result = SampleResult()
        var cpuStats: CPUStats?
        for family in families where requested.contains(family) {
            guard let metric = MetricFamily(rawValue: family) else { continue }
            do {
                if let batch = try sample(metric, at: time, cpuStats: &cpuStats) {
                    result.batches.append(batch)
                }
            } catch let error as SampleFailure {
                result.failures[family] = error.message
            } catch {
                result.failures[family] = "\(error)"
            }
        }
        return result
    }

    struct SampleFailure: Error {
        var message: String
    }

    private func read(_ family: MetricFamily) throws -> ProcText {
        let path = source(of: family)
        guard let text = ProcText.read(path) else { throw SampleFailure(message: "cannot read \(path): \(String(cString: strerror(errno)))") }
        return text
    }

    private func sample(_ family: MetricFamily, at time: SampleTime, cpuStats: inout CPUStats?) throws -> Batch? {
        switch family {
        case .hostCPU:
            let stats = CPUStats.parse(try read(.hostCPU))
            cpuStats = stats
            guard !stats.cpus.isEmpty else { throw SampleFailure(message: "no cpu lines in \(source(of: family))") }
            return try stats.batch(at: time, ticksPerSecond: ticksPerSecond)
        case .hostLoad:
            guard let load = LoadAverage.parse(try read(.hostLoad)) else { throw SampleFailure(message: "cannot parse \(source(of: family))") }
            let stats = cpuStats ?? ProcText.read(source(of: .hostCPU)).map(CPUStats.parse)
            return try load.batch(at: time, cpuCount: cpuCount, stats: stats)
        case .hostMemory:
            return try MemoryInfo.parse(try read(.hostMemory)).batch(at: time)
        case .hostDisk:
            return try DiskStats.parse(try read(.hostDisk)).batch(at: time)
        case .hostNetwork:
            return try NetworkStats.parse(try read(.hostNetwork)).batch(at: time)
        case .hostFilesystem:
            guard !watchedPaths.isEmpty else { return nil }
            let mounts = MountTable.parse(try read(.hostFilesystem))
            let (usage, missing) = FilesystemUsage.measure(watchedPaths, mounts: mounts)
            if usage.entries.isEmpty { throw SampleFailure(message: "cannot stat \(missing.joined(separator: ", "))") }
            return try usage.batch(at: time)
        case .collectorProcess:
            let status = ProcText.read("\(procRoot)/self/status")
            guard let stats = ProcessStats.parse(stat: try read(.collectorProcess), status: status) else {
                throw SampleFailure(message: "cannot parse \(procRoot)/self/stat")
            }
            return try stats.batch(at: time, ticksPerSecond: ticksPerSecond, openFiles: Self.countOpenFiles("\(procRoot)/self/fd"))
        default:
            return nil
        }
    }

    static func countOpenFiles(_ directory: String) -> Int? {
        guard let dir = opendir(directory) else { return nil }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0[0] == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        return max(0, count - 1)  // the directory stream itself
    }
}
