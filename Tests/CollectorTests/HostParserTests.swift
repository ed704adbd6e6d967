import Testing
import WireProtocol
@testable import Collector

@Suite("host /proc parsers, fixtures")
struct HostParserTests {
    let time = SampleTime(microsecondsSince2000: 1_000_000)

    @Test func cpuStatOldAndNewKernels() throws {
        let stats = CPUStats.parse(ProcText("""
            cpu  100 2 30 4000 5 6 7 8 9 10
            cpu0 50 1 15 2000 2 3 3 4 4 5
            cpu1 50 1 15 2000 3 3 4 4 5 5
            intr 12345 1 2 3
            ctxt 987654
            btime 1700000000
            processes 4321
            procs_running 3
            procs_blocked 1
            softirq 1 2 3
            """))
        #expect(stats.cpus.map(\.cpu) == ["all", "0", "1"])
        #expect(stats.cpus[0].jiffies == [100, 2, 30, 4000, 5, 6, 7, 8, 9, 10])
        #expect(stats.contextSwitches == 987654)
        #expect(stats.forks == 4321)
        #expect(stats.runningTasks == 3 && stats.blockedTasks == 1)
        let batch = try stats.batch(at: time, ticksPerSecond: 100)
        #expect(batch.family == "host_cpu")
        #expect(batch.rowCount == 3)
        #expect(batch.columns.first?.name == "cpu")
        #expect(batch.value(row: 1, column: batch.columnIndex(named: "idle")!) == .int8(2000))

        // A 2.6.24 kernel has 8 modes: the rest are NULL, not zero.
        let old = CPUStats.parse(ProcText("cpu 1 2 3 4 5 6 7 8\n"))
        #expect(old.cpus[0].jiffies == [1, 2, 3, 4, 5, 6, 7, 8, nil, nil])
        let oldBatch = try old.batch(at: time, ticksPerSecond: 100)
        #expect(oldBatch.value(row: 0, column: oldBatch.columnIndex(named: "guest")!) == .null)
    }

    @Test func loadAverage() throws {
        let load = try #require(LoadAverage.parse(ProcText("0.42 1.50 12.25 3/789 12345\n")))
        #expect(load == LoadAverage(load1: 0.42, load5: 1.5, load15: 12.25, runnable: 3, total: 789))
        #expect(LoadAverage.parse(ProcText("garbage")) == nil)
        #expect(LoadAverage.parse(ProcText("")) == nil)
        let batch = try load.batch(at: time, cpuCount: 4, stats: nil)
        #expect(batch.value(row: 0, column: batch.columnIndex(named: "context_switches")!) == .null)
        #expect(batch.value(row: 0, column: batch.columnIndex(named: "cpu_count")!) == .int8(4))
    }

    @Test func memInfoInBytesAndMissingKeysNull() throws {
        let info = MemoryInfo.parse(ProcText("""
            MemTotal:       16384000 kB
            MemFree:         1024 kB
            MemAvailable:    8192000 kB
            Dirty:               12 kB
            HugePages_Total:       4
            Hugepagesize:       2048 kB
            """))
        #expect(info.values["MemTotal"] == Int64(16_777_216_000))
        #expect(info.values["HugePages_Total"] == 4)
        let batch = try info.batch(at: time)
        #expect(batch.value(row: 0, column: batch.columnIndex(named: "dirty")!) == .int8(12 * 1024))
        #expect(batch.value(row: 0, column: batch.columnIndex(named: "swap_total")!) == .null)
        #expect(batch.value(row: 0, column: batch.columnIndex(named: "huge_pages_total")!) == .int8(4))
    }

    @Test func diskStatsSkipPartitionsLoopRamAndIdle() throws {
        let stats = DiskStats.parse(ProcText("""
               7       0 loop0 120 0 2400 10 0 0 0 0 0 20 10 0 0 0 0
               1       0 ram0 0 0 0 0 0 0 0 0 0 0 0
               8       0 sda 1000 10 80000 500 2000 20 160000 900 1 1200 1400
               8       1 sda1 900 10 70000 400 1900 20 150000 800 0 1100 1200
             259       0 nvme0n1 10 0 80 1 20 0 160 2 0 3 3 5 0 64 1 7 2
             259       1 nvme0n1p1 10 0 80 1 20 0 160 2 0 3 3 5 0 64 1 7 2
             179       0 mmcblk0 5 0 40 1 0 0 0 0 0 1 1
             179       1 mmcblk0p1 5 0 40 1 0 0 0 0 0 1 1
             253       0 dm-0 30 0 240 3 40 0 320 4 0 5 7
              11       0 sr0 0 0 0 0 0 0 0 0 0 0 0
            short line
            """))
        #expect(stats.devices.map(\.name) == ["sda", "nvme0n1", "mmcblk0", "dm-0"])
        let batch = try stats.batch(at: time)
        let sda = 0
        #expect(batch.value(row: sda, column: batch.columnIndex(named: "read_bytes")!) == .int8(80000 * 512))
        #expect(batch.value(row: sda, column: batch.columnIndex(named: "weighted_io_time_ms")!) == .int8(1400))
        // 11-field kernels have no discard or flush counters.
        #expect(batch.value(row: sda, column: batch.columnIndex(named: "flushes")!) == .null)
        #expect(batch.value(row: 1, column: batch.columnIndex(named: "discard_bytes")!) == .int8(64 * 512))
        #expect(batch.value(row: 1, column: batch.columnIndex(named: "flushes")!) == .int8(7))
        #expect(DiskStats.isPartition("sdb", of: ["sda"]) == false)
        #expect(DiskStats.isPartition("md0", of: ["md0"]) == false)
    }

    @Test func netDevWithAndWithoutSpaceAfterColon() throws {
        let stats = NetworkStats.parse(ProcText("""
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0
              eth0:4294967296 20 1 2 0 0 0 3 500 5 0 1 0 7 0 0
            """))
        #expect(stats.interfaces.map(\.name) == ["lo", "eth0"])
        #expect(stats.interfaces[1].counters[0] == 4_294_967_296)
        let batch = try stats.batch(at: time)
        #expect(batch.value(row: 1, column: batch.columnIndex(named: "rx_dropped")!) == .int8(2))
        #expect(batch.value(row: 1, column: batch.columnIndex(named: "tx_dropped")!) == .int8(1))
        #expect(batch.value(row: 1, column: batch.columnIndex(named: "collisions")!) == .int8(7))
    }

    @Test func processStatWithAwkwardCommandName() throws {
        let stat = "4242 (we ird) name)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 3 0 12345 104857600 2560 18446744073709551615"
        let status = "Name:\tx\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\nThreads:\t3\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t4\n"
        let stats = try #require(ProcessStats.parse(stat: ProcText(stat), status: ProcText(status)))
        #expect(stats.pid == 4242)
        #expect(stats.userTicks == 250 && stats.systemTicks == 75)
        #expect(stats.threads == 3)
        #expect(stats.virtualBytes == 104_857_600)
        #expect(stats.residentBytes == 10_485_760)
        #expect(stats.peakResidentBytes == 20_971_520)
        #expect(stats.voluntarySwitches == 12 && stats.involuntarySwitches == 4)
        let batch = try stats.batch(at: time, ticksPerSecond: 100, openFiles: 9)
        #expect(batch.value(row: 0, column: batch.columnIndex(named: "user_cpu_seconds")!) == .float8(2.5))
        #expect(ProcessStats.parse(stat: ProcText("1 (x) S"), status: nil) == nil)
    }

    @Test func mountInfoLongestPrefixAndEscapes() throws {
        let table = MountTable.parse(ProcText("""
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            40 22 8:17 / /var/lib/postgresql rw,noatime shared:2 - xfs /dev/sdb1 rw
            41 22 8:33 / /var/lib/postgres rw shared:3 - ext4 /dev/sdc1 rw
            42 22 0:50 / /mnt/with\\040space rw - tmpfs tmp\\040fs rw
            bad line
            """))
        #expect(table.mounts.count == 4)
        #expect(table.mount(holding: "/var/lib/postgresql/15/main")?.source == "/dev/sdb1")
        #expect(table.mount(holding: "/var/lib/postgresql")?.fileSystemType == "xfs")
        #expect(table.mount(holding: "/var/lib/postgres/x")?.source == "/dev/sdc1")
        #expect(table.mount(holding: "/var/lib/postgresqlx")?.source == "/dev/sda1")
        #expect(table.mount(holding: "/mnt/with space/a")?.source == "tmp fs")
    }
}
