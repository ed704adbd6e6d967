import WireProtocol

/// `/proc/stat`: cumulative CPU time per mode, for all CPUs and each one, plus the kernel's
/// counters of context switches and forks.
struct CPUStats: Equatable {
    /// The modes of a `cpu` line, in the kernel's order. Older kernels report fewer.
    static let modes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice"]

    struct CPU: Equatable {
        /// `all` for the aggregate line, else the CPU number.
        var cpu: String
        /// Jiffies (USER_HZ ticks) per mode, in `modes` order; nil for modes the kernel lacks.
        var jiffies: [Int64?]
    }

    var cpus: [CPU] = []
    var contextSwitches: Int64?
    var forks: Int64?
    var runningTasks: Int64?
    var blockedTasks: Int64?

    static func parse(_ text: ProcText) -> CPUStats {
        var stats = CPUStats()
        for line in text.lines {
            let fields = ProcText.fields(line)
            guard let key = fields.first else { continue }
            let name = ProcText.string(key)
            if name.hasPrefix("cpu") {
                let id = name == "cpu" ? "all" : String(name.dropFirst(3))
                guard id == "all" || Int(id) != nil else { continue }
                var jiffies = fields.dropFirst().prefix(modes.count).map(ProcText.int64)
                jiffies += Array(repeating: nil, count: modes.count - jiffies.count)
                stats.cpus.append(CPU(cpu: id, jiffies: jiffies))
            } else if fields.count >= 2 {
                let value = ProcText.int64(fields[1])
                switch name {
                case "ctxt": stats.contextSwitches = value
                case "processes": stats.forks = value
                case "procs_running": stats.runningTasks = value
                case "procs_blocked": stats.blockedTasks = value
                default: break
                }
            }
        }
        return stats
    }

    /// One row per CPU (`all` first): a column per mode in jiffies, and the tick rate so views
    /// can turn jiffies into seconds. Jiffies are cumulative counters.
    func batch(at time: SampleTime, ticksPerSecond: Int64) throws(WireError) -> Batch {
        let columns = [ColumnDescriptor(name: "cpu", type: .text)]
            + Self.modes.map { ColumnDescriptor(name: $0, type: .int8) }
            + [ColumnDescriptor(name: "ticks_per_second", type: .int8)]
        let rows = cpus.map { cpu in
            [.text(cpu.cpu)] + cpu.jiffies.map { $0.map(Value.int8) ?? .null } + [.int8(ticksPerSecond)]
        }
        return try Batch(family: MetricFamily.hostCPU.name, sampledAt: time.microsecondsSince2000, columns: columns, rows: rows)
    }
}
