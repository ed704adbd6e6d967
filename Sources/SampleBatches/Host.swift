import Foundation
import WireProtocol

/// Host metrics exactly as the collector ships them (`Sources/Collector/Host`): four of its host
/// families, one BATCH each per sampling round, with its names, column order and types, read from
/// `/proc` of a 64 GiB, `cores`-core PostgreSQL server up for 41 days.
///
/// * `host_cpu` (`CPUStats`): the `all` row then one row per core from `/proc/stat`: `cpu` (text:
///   `all`, `0`, `1`, ...), the ten mode counters in USER_HZ ticks since boot and
///   `ticks_per_second` (100); about 70 % idle, 20 % user, 6 % system, with steal (a VM) and
///   per-core variation; guest and guest_nice are 0. The `all` row is the sum of the cores.
/// * `host_memory` (`MemoryInfo`): one row of 23 `/proc/meminfo` fields in bytes (kB × 1024;
///   HugePages_Total/Free are counts, Hugepagesize 2 MiB); 16 GiB of shared buffers show up in
///   Shmem; no huge pages configured.
/// * `host_disk` (`DiskStats`): one row per whole block device with I/O (partitions, loop and ram
///   devices are dropped): the OS disk, the data volume and the WAL volume; `device`, 14 counters,
///   sectors as bytes.
/// * `host_network` (`NetworkStats`): one row per interface of `/proc/net/dev` (lo included):
///   `interface` and 9 counters.
public enum HostMetrics {
    static let uptimeSeconds = 41.0 * 86_400 + 5_123

    public static func cpu(cores: Int = 8, seed: UInt64 = 0xC0C0_C0C0) -> (family: String, columns: [ColumnDescriptor], rows: [[Value]]) {
        var random = SeededRandom(seed: seed)
        var table = Table(family: "host_cpu")
        let ticks = uptimeSeconds * 100
        let modes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice"]
        var perCore: [[Int64]] = []
        for core in 0..<cores {
            let busy = random.uniform(0.2, 0.4)
            let user = busy * random.uniform(0.65, 0.75)
            let system = busy * random.uniform(0.18, 0.25)
            let iowait = random.uniform(0.005, 0.04)
            let softirq = busy * random.uniform(0.01, 0.05) * (core == 0 ? 4 : 1)
            let steal = random.uniform(0.001, 0.01)
            let nice = random.uniform(0, 0.002)
            let idle = 1 - user - system - iowait - softirq - steal - nice
            perCore.append([user, nice, system, idle, iowait, 0, softirq, steal, 0, 0].map { Int64((ticks * $0).rounded()) })
        }
        let all = modes.indices.map { mode in perCore.reduce(0) { $0 + $1[mode] } }
        for (id, counters) in [("all", all)] + perCore.enumerated().map({ (String($0.offset), $0.element) }) {
            table.add { row in
                row.text("cpu", id)
                for (mode, value) in zip(modes, counters) { row.int(mode, value) }
                row.int("ticks_per_second", 100)
            }
        }
        return (table.family, table.columns, table.rows)
    }

    public static func memory(seed: UInt64 = 0x3E30_4711) -> (family: String, columns: [ColumnDescriptor], rows: [[Value]]) {
        var random = SeededRandom(seed: seed)
        var table = Table(family: "host_memory")
        func kB(_ bytes: Double) -> Int64 { Int64(bytes / 1024) * 1024 }
        let gib = 1024.0 * 1024 * 1024
        let total = 64.0 * gib - 412 * 1024 * 1024
        let shmem = 16.4 * gib + random.uniform(0, 0.2) * gib
        let cached = shmem + random.uniform(30, 36) * gib
        let free = random.uniform(0.6, 2.0) * gib
        let buffers = random.uniform(0.3, 0.9) * gib
        let anon = random.uniform(3, 6) * gib
        let slab = random.uniform(0.8, 2) * gib
        table.add { row in
            row.int("mem_total", kB(total))
            row.int("mem_free", kB(free))
            row.int("mem_available", kB(free + cached - shmem + buffers))
            row.int("buffers", kB(buffers))
            row.int("cached", kB(cached))
            row.int("swap_cached", kB(random.uniform(0, 40) * 1024 * 1024))
            row.int("active", kB(cached * 0.6 + anon * 0.8))
            row.int("inactive", kB(cached * 0.4 + anon * 0.2))
            row.int("dirty", kB(random.uniform(2, 400) * 1024 * 1024))
            row.int("writeback", kB(random.uniform(0, 2) * 1024 * 1024))
            row.int("anon_pages", kB(anon))
            row.int("mapped", kB(shmem * 0.9 + random.uniform(0.1, 0.5) * gib))
            row.int("shmem", kB(shmem))
            row.int("slab", kB(slab))
            row.int("slab_reclaimable", kB(slab * 0.7))
            row.int("page_tables", kB(random.uniform(0.4, 1.5) * gib))
            row.int("swap_total", kB(8 * gib))
            row.int("swap_free", kB(8 * gib - random.uniform(0.05, 0.5) * gib))
            row.int("commit_limit", kB(total / 2 + 8 * gib))
            row.int("committed_as", kB(random.uniform(22, 30) * gib))
            row.int("huge_pages_total", 0)
            row.int("huge_pages_free", 0)
            row.int("huge_page_size", 2 * 1024 * 1024)
        }
        return (table.family, table.columns, table.rows)
    }

    public static func disk(seed: UInt64 = 0xD15C_D15C) -> (family: String, columns: [ColumnDescriptor], rows: [[Value]]) {
        var random = SeededRandom(seed: seed)
        var table = Table(family: "host_disk")
        // (device, reads/s, writes/s, bytes per read, bytes per write, flushes/s); the collector
        // drops partitions (nvme0n1p1, nvme0n1p2), so only whole devices are sent.
        let devices: [(String, Double, Double, Double, Double, Double)] = [
            ("nvme0n1", 4, 12, 24_576, 16_384, 2),
            ("nvme1n1", 850, 420, 8_192, 36_864, 3),
            ("nvme2n1", 0.5, 640, 16_384, 12_288, 310),
        ]
        for (device, readRate, writeRate, readSize, writeSize, flushRate) in devices {
            let reads = (uptimeSeconds * readRate * random.uniform(0.9, 1.1)).rounded()
            let writes = (uptimeSeconds * writeRate * random.uniform(0.9, 1.1)).rounded()
            let readMs = (reads * random.uniform(0.08, 0.2)).rounded()
            let writeMs = (writes * random.uniform(0.02, 0.1)).rounded()
            let discards = (uptimeSeconds / 3600 * random.uniform(0.5, 2)).rounded()
            table.add { row in
                row.text("device", device)
                row.int("reads", reads)
                row.int("reads_merged", (reads * random.uniform(0, 0.05)).rounded())
                row.int("read_bytes", (reads * readSize / 512).rounded() * 512)
                row.int("read_time_ms", readMs)
                row.int("writes", writes)
                row.int("writes_merged", (writes * random.uniform(0.05, 0.4)).rounded())
                row.int("write_bytes", (writes * writeSize / 512).rounded() * 512)
                row.int("write_time_ms", writeMs)
                row.int("io_in_progress", random.int(0...3))
                row.int("io_time_ms", ((readMs + writeMs) * random.uniform(0.5, 0.9)).rounded())
                row.int("weighted_io_time_ms", ((readMs + writeMs) * random.uniform(1.1, 2)).rounded())
                row.int("discards", discards)
                row.int("discard_bytes", (discards * random.uniform(1e4, 1e6)).rounded() * 512)
                row.int("flushes", (uptimeSeconds * flushRate).rounded())
            }
        }
        return (table.family, table.columns, table.rows)
    }

    public static func network(seed: UInt64 = 0x0E70_0E70) -> (family: String, columns: [ColumnDescriptor], rows: [[Value]]) {
        var random = SeededRandom(seed: seed)
        var table = Table(family: "host_network")
        // (interface, rx bytes/s, tx bytes/s)
        let interfaces: [(String, Double, Double)] = [
            ("lo", 2.1e6, 2.1e6),
            ("eth0", 9.5e6, 31e6),
            ("eth1", 0.4e6, 14e6),
        ]
        for (name, rxRate, txRate) in interfaces {
            let rxBytes = (uptimeSeconds * rxRate * random.uniform(0.9, 1.1)).rounded()
            let txBytes = name == "lo" ? rxBytes : (uptimeSeconds * txRate * random.uniform(0.9, 1.1)).rounded()
            let rxPackets = (rxBytes / random.uniform(300, 900)).rounded()
            let txPackets = name == "lo" ? rxPackets : (txBytes / random.uniform(600, 1400)).rounded()
            let physical = name != "lo"
            table.add { row in
                row.text("interface", name)
                row.int("rx_bytes", rxBytes)
                row.int("rx_packets", rxPackets)
                row.int("rx_errors", 0)
                row.int("rx_dropped", physical ? (rxPackets * random.logUniform(1e-8, 1e-6)).rounded() : 0)
                row.int("tx_bytes", txBytes)
                row.int("tx_packets", txPackets)
                row.int("tx_errors", 0)
                row.int("tx_dropped", 0)
                row.int("collisions", 0)
            }
        }
        return (table.family, table.columns, table.rows)
    }
}
