import WireProtocol

/// The collector's own footprint: `/proc/self/stat` and `/proc/self/status`.
struct ProcessStats: Equatable {
    var pid: Int64
    /// CPU time in clock ticks.
    var userTicks: Int64
    var systemTicks: Int64
    var threads: Int64
    var virtualBytes: Int64
    var residentBytes: Int64?
    var peakResidentBytes: Int64?
    var voluntarySwitches: Int64?
    var involuntarySwitches: Int64?

    /// Parses `/proc/self/stat`; the command name in parentheses may itself hold spaces and
    /// parentheses, so fields are counted from the last `)`.
    static func parse(stat: ProcText, status: ProcText?) -> ProcessStats? {
        guard let close = stat.bytes.lastIndex(of: UInt8(ascii: ")")),
              let pidField = ProcText.fields(stat.bytes[..<close]).first,
              let pid = ProcText.int64(pidField) else { return nil }
        // After ")": state is field 3 of proc(5), so index k here is field k + 3.
        let rest = ProcText.fields(stat.bytes[(close + 1)...])
        guard rest.count >= 22, let utime = ProcText.int64(rest[11]), let stime = ProcText.int64(rest[12]),
              let threads = ProcText.int64(rest[17]), let vsize = ProcText.int64(rest[20]) else { return nil }
        var stats = ProcessStats(pid: pid, userTicks: utime, systemTicks: stime, threads: threads, virtualBytes: vsize)
        if let status {
            let info = MemoryInfo.parse(status).values
            stats.residentBytes = info["VmRSS"]
            stats.peakResidentBytes = info["VmHWM"]
            stats.voluntarySwitches = info["voluntary_ctxt_switches"]
            stats.involuntarySwitches = info["nonvoluntary_ctxt_switches"]
        }
        return stats
    }

    /// One row; CPU time in seconds (cumulative), memory in bytes.
    func batch(at time: SampleTime, ticksPerSecond: Int64, openFiles: Int?) throws(WireError) -> Batch {
        let columns: [ColumnDescriptor] = [
            .init(name: "pid", type: .int8),
            .init(name: "user_cpu_seconds", type: .float8), .init(name: "system_cpu_seconds", type: .float8),
            .init(name: "resident_bytes", type: .int8), .init(name: "peak_resident_bytes", type: .int8),
            .init(name: "virtual_bytes", type: .int8), .init(name: "threads", type: .int8),
            .init(name: "open_files", type: .int8),
            .init(name: "voluntary_context_switches", type: .int8), .init(name: "involuntary_context_switches", type: .int8),
        ]
        func optional(_ value: Int64?) -> Value { value.map(Value.int8) ?? .null }
        let hz = Double(max(ticksPerSecond, 1))
        let row: [Value] = [
            .int8(pid), .float8(Double(userTicks) / hz), .float8(Double(systemTicks) / hz),
            optional(residentBytes), optional(peakResidentBytes), .int8(virtualBytes), .int8(threads),
            optional(openFiles.map(Int64.init)), optional(voluntarySwitches), optional(involuntarySwitches),
        ]
        return try Batch(family: MetricFamily.collectorProcess.name, sampledAt: time.microsecondsSince2000, columns: columns, rows: [row])
    }
}
