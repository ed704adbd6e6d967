import WireProtocol

/// `/proc/meminfo`, in bytes.
struct MemoryInfo: Equatable {
    /// meminfo keys and the column each becomes, in column order.
    static let fields: [(key: String, column: String)] = [
        ("MemTotal", "mem_total"), ("MemFree", "mem_free"), ("MemAvailable", "mem_available"),
        ("Buffers", "buffers"), ("Cached", "cached"), ("SwapCached", "swap_cached"),
        ("Active", "active"), ("Inactive", "inactive"), ("Dirty", "dirty"), ("Writeback", "writeback"),
        ("AnonPages", "anon_pages"), ("Mapped", "mapped"), ("Shmem", "shmem"), ("Slab", "slab"),
        ("SReclaimable", "slab_reclaimable"), ("PageTables", "page_tables"),
        ("SwapTotal", "swap_total"), ("SwapFree", "swap_free"),
        ("CommitLimit", "commit_limit"), ("Committed_AS", "committed_as"),
        ("HugePages_Total", "huge_pages_total"), ("HugePages_Free", "huge_pages_free"), ("Hugepagesize", "huge_page_size"),
    ]

    /// Every key of the file: bytes for `kB` values, plain counts otherwise (HugePages_*).
    var values: [String: Int64] = [:]

    static func parse(_ text: ProcText) -> MemoryInfo {
        var info = MemoryInfo()
        for line in text.lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let key = ProcText.string(line[..<colon])
            let fields = ProcText.fields(line[(colon + 1)...])
            guard let first = fields.first, let number = ProcText.int64(first) else { continue }
            let isKilobytes = fields.count > 1 && ProcText.string(fields[1]) == "kB"
            info.values[key] = isKilobytes ? number.multipliedReportingOverflow(by: 1024).partialValue : number
        }
        return info
    }

    /// One row with a column per entry of `fields`; keys the kernel lacks are NULL.
    func batch(at time: SampleTime) throws(WireError) -> Batch {
        let columns = Self.fields.map { ColumnDescriptor(name: $0.column, type: .int8) }
        let row = Self.fields.map { values[$0.key].map(Value.int8) ?? .null }
        return try Batch(family: MetricFamily.hostMemory.name, sampledAt: time.microsecondsSince2000, columns: columns, rows: [row])
    }
}
