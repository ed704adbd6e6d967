#if canImport(Glibc)
import Glibc
#endif
import Testing
import WireProtocol
@testable import Collector

@Suite("host sampler on this machine's /proc")
struct HostSamplerTests {
    func column(_ batch: Batch, _ name: String, row: Int = 0) -> Value {
        batch.value(row: row, column: batch.columnIndex(named: name)!)
    }

    func int(_ value: Value) -> Int64 {
        if case .int8(let number) = value { return number }
        return -1
    }

    @Test func everyFamilyIsPlausible() throws {
        let sampler = HostSampler(watchedPaths: [("spool", "/tmp"), ("data_directory", "/")])
        #expect(sampler.availability().allSatisfy { $0.status == .available })
        let result = sampler.collect(Set(sampler.families), at: .now())
        #expect(result.failures.isEmpty, "\(result.failures)")
        let batches = Dictionary(uniqueKeysWithValues: result.batches.map { ($0.family, $0) })
        #expect(Set(batches.keys) == Set(sampler.families))

        let cpu = try #require(batches["host_cpu"])
        #expect(column(cpu, "cpu") == .text("all"))
        #expect(cpu.rowCount == sysconf(Int32(_SC_NPROCESSORS_CONF)) + 1 || cpu.rowCount >= 2)
        #expect(int(column(cpu, "idle")) > 0)
        #expect(int(column(cpu, "ticks_per_second")) == 100)

        let load = try #require(batches["host_load"])
        if case .float8(let load1) = column(load, "load1") { #expect(load1 >= 0) } else { Issue.record("load1") }
        #expect(int(column(load, "total_tasks")) > 0)
        #expect(int(column(load, "context_switches")) > 0)

        let memory = try #require(batches["host_memory"])
        let total = int(column(memory, "mem_total"))
        #expect(total > 64 << 20)
        #expect(int(column(memory, "mem_available")) > 0)
        #expect(int(column(memory, "mem_available")) <= total)

        let filesystems = try #require(batches["host_filesystem"])
        #expect(filesystems.rowCount == 2)
        #expect(column(filesystems, "role") == .text("spool"))
        #expect(int(column(filesystems, "size_bytes")) > 0)
        #expect(int(column(filesystems, "available_bytes")) <= int(column(filesystems, "size_bytes")))
        #expect(column(filesystems, "mount_point", row: 1) == .text("/"))

        let network = try #require(batches["host_network"])
        #expect(network.values(column: 0).contains(.text("lo")))

        let process = try #require(batches["collector_process"])
        #expect(column(process, "pid") == .int8(Int64(getpid())))
        #expect(int(column(process, "resident_bytes")) > 1 << 20)
        #expect(int(column(process, "threads")) >= 1)
        #expect(int(column(process, "open_files")) >= 3)

        let disks = try #require(batches["host_disk"])
        for name in disks.values(column: 0) {
            guard case .text(let device) = name else { continue }
            #expect(!device.hasPrefix("loop") && !device.hasPrefix("ram"))
        }
    }

    @Test func countersOnlyGrow() throws {
        let sampler = HostSampler()
        let first = sampler.collect(["host_cpu", "collector_process"], at: .now())
        // Burn some CPU so that the process counters can move.
        var x = 0.0
        for i in 0..<3_000_000 { x += Double(i).squareRoot() }
        #expect(x > 0)
        let second = sampler.collect(["host_cpu", "collector_process"], at: .now())
        let a = try #require(first.batches.first { $0.family == "host_cpu" })
        let b = try #require(second.batches.first { $0.family == "host_cpu" })
        for mode in CPUStats.modes {
            #expect(int(column(b, mode)) >= int(column(a, mode)), "\(mode)")
        }
    }

    @Test func missingProcIsUnavailableAndFailsPerFamily() {
        let sampler = HostSampler(procRoot: "/nonexistent-proc", watchedPaths: [("spool", "/tmp")])
        #expect(sampler.availability().allSatisfy {
            if case .unavailable = $0.status { return true }
            return false
        })
        let result = sampler.collect(["host_cpu", "host_memory"], at: .now())
        #expect(result.batches.isEmpty)
        #expect(result.failures.keys.sorted() == ["host_cpu", "host_memory"])
        #expect(result.failures["host_cpu"]?.contains("/nonexistent-proc/stat") == true)
    }

    @Test func filesystemWithoutPathsIsUnavailable() {
        let sampler = HostSampler(watchedPaths: [])
        let status = sampler.availability().first { $0.family == "host_filesystem" }?.status
        #expect(status == .unavailable(reason: "no paths to watch (set [postgres] data_directory)"))
    }
}
