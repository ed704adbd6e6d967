import WireProtocol

/// `/proc/diskstats`: cumulative I/O counters per block device.
///
/// Loop, RAM and floppy devices are skipped, as are partitions whose whole disk is listed
/// (the disk's counters already include them) and devices that never did any I/O.
struct DiskStats: Equatable {
    struct Device: Equatable {
        var name: String
        /// The kernel's fields after the name, in its order (11, 15 or 17 of them).
        var counters: [Int64]
    }

    var devices: [Device] = []

    static let skippedPrefixes = ["loop", "ram", "fd", "zram"]

    static func parse(_ text: ProcText) -> DiskStats {
        var all: [Device] = []
        for line in text.lines {
            let fields = ProcText.fields(line)
            guard fields.count >= 14 else { continue }
            let counters = fields.dropFirst(3).compactMap(ProcText.int64)
            guard counters.count == fields.count - 3 else { continue }
            all.append(Device(name: ProcText.string(fields[2]), counters: counters))
        }
        let names = Set(all.map(\.name))
        let kept = all.filter { device in
            !skippedPrefixes.contains(where: device.name.hasPrefix)
                && !isPartition(device.name, of: names)
                && (device.counters[0] > 0 || device.counters[4] > 0)
        }
        return DiskStats(devices: kept)
    }

    /// `sda1` of `sda`, `nvme0n1p2` of `nvme0n1`, `mmcblk0p1` of `mmcblk0`.
    static func isPartition(_ name: String, of names: Set<String>) -> Bool {
        var prefix = name
        while let last = prefix.last, last.isASCII, last.isNumber { prefix.removeLast() }
        guard prefix.count < name.count, !prefix.isEmpty else { return false }
        if names.contains(prefix) { return true }
        if prefix.hasSuffix("p"), names.contains(String(prefix.dropLast())) { return true }
        return false
    }

    static let columns: [ColumnDescriptor] = [
        .init(name: "device", type: .text),
        .init(name: "reads", type: .int8), .init(name: "reads_merged", type: .int8),
        .init(name: "read_bytes", type: .int8), .init(name: "read_time_ms", type: .int8),
        .init(name: "writes", type: .int8), .init(name: "writes_merged", type: .int8),
        .init(name: "write_bytes", type: .int8), .init(name: "write_time_ms", type: .int8),
        .init(name: "io_in_progress", type: .int8), .init(name: "io_time_ms", type: .int8),
        .init(name: "weighted_io_time_ms", type: .int8),
        .init(name: "discards", type: .int8), .init(name: "discard_bytes", type: .int8),
        .init(name: "flushes", type: .int8),
    ]

    /// One row per device; sectors are turned into bytes (the kernel's sectors are 512 bytes).
    func batch(at time: SampleTime) throws(WireError) -> Batch {
        let rows = devices.map { device -> [Value] in
            let c = device.counters
            func at(_ index: Int) -> Value { index < c.count ? .int8(c[index]) : .null }
            func bytes(_ index: Int) -> Value { index < c.count ? .int8(c[index] &* 512) : .null }
            return [.text(device.name), at(0), at(1), bytes(2), at(3), at(4), at(5), bytes(6), at(7),
                    at(8), at(9), at(10), at(11), bytes(13), at(15)]
        }
        return try Batch(family: MetricFamily.hostDisk.name, sampledAt: time.microsecondsSince2000, columns: Self.columns, rows: rows)
    }
}
