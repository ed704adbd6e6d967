import WireProtocol

/// `/proc/loadavg`: load averages and task counts.
struct LoadAverage: Equatable {
    var load1: Double
    var load5: Double
    var load15: Double
    /// Currently runnable scheduling entities.
    var runnable: Int64
    /// Scheduling entities that exist.
    var total: Int64

    /// Parses `0.42 0.31 0.25 2/345 12345`.
    static func parse(_ text: ProcText) -> LoadAverage? {
        guard let line = text.lines.first else { return nil }
        let fields = ProcText.fields(line)
        guard fields.count >= 4, let load1 = ProcText.double(fields[0]), let load5 = ProcText.double(fields[1]),
              let load15 = ProcText.double(fields[2]) else { return nil }
        let tasks = fields[3].split(separator: UInt8(ascii: "/"))
        guard tasks.count == 2, let runnable = ProcText.int64(tasks[0]), let total = ProcText.int64(tasks[1]) else { return nil }
        return LoadAverage(load1: load1, load5: load5, load15: load15, runnable: runnable, total: total)
    }

    /// One row: load averages, task counts, online CPUs, and `/proc/stat`'s cumulative context
    /// switches and forks.
    func batch(at time: SampleTime, cpuCount: Int, stats: CPUStats?) throws(WireError) -> Batch {
        let columns: [ColumnDescriptor] = [
            .init(name: "load1", type: .float8), .init(name: "load5", type: .float8), .init(name: "load15", type: .float8),
            .init(name: "runnable_tasks", type: .int8), .init(name: "total_tasks", type: .int8),
            .init(name: "blocked_tasks", type: .int8), .init(name: "cpu_count", type: .int8),
            .init(name: "context_switches", type: .int8), .init(name: "forks", type: .int8),
        ]
        func optional(_ value: Int64?) -> Value { value.map(Value.int8) ?? .null }
        let row: [Value] = [
            .float8(load1), .float8(load5), .float8(load15), .int8(runnable), .int8(total),
            optional(stats?.blockedTasks), .int8(Int64(cpuCount)), optional(stats?.contextSwitches), optional(stats?.forks),
        ]
        return try Batch(family: MetricFamily.hostLoad.name, sampledAt: time.microsecondsSince2000, columns: columns, rows: [row])
    }
}
