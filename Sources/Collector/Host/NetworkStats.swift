import WireProtocol

/// `/proc/net/dev`: cumulative traffic counters per network interface.
struct NetworkStats: Equatable {
    struct Interface: Equatable {
        var name: String
        /// The 16 counters of a line: 8 receive, then 8 transmit.
        var counters: [Int64]
    }

    var interfaces: [Interface] = []

    static func parse(_ text: ProcText) -> NetworkStats {
        var stats = NetworkStats()
        for line in text.lines {
            // Header lines have no colon before the counters; "eth0: 123 ..." may lack the space.
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = ProcText.string(line[..<colon]).trimmingSpaces
            let counters = ProcText.fields(line[(colon + 1)...]).compactMap(ProcText.int64)
            guard !name.isEmpty, counters.count >= 16 else { continue }
            stats.interfaces.append(Interface(name: name, counters: Array(counters.prefix(16))))
        }
        return stats
    }

    static let columns: [ColumnDescriptor] = [
        .init(name: "interface", type: .text),
        .init(name: "rx_bytes", type: .int8), .init(name: "rx_packets", type: .int8),
        .init(name: "rx_errors", type: .int8), .init(name: "rx_dropped", type: .int8),
        .init(name: "tx_bytes", type: .int8), .init(name: "tx_packets", type: .int8),
        .init(name: "tx_errors", type: .int8), .init(name: "tx_dropped", type: .int8),
        .init(name: "collisions", type: .int8),
    ]

    func batch(at time: SampleTime) throws(WireError) -> Batch {
        let rows = interfaces.map { interface -> [Value] in
            let c = interface.counters
            return [.text(interface.name), .int8(c[0]), .int8(c[1]), .int8(c[2]), .int8(c[3]),
                    .int8(c[8]), .int8(c[9]), .int8(c[10]), .int8(c[11]), .int8(c[13])]
        }
        return try Batch(family: MetricFamily.hostNetwork.name, sampledAt: time.microsecondsSince2000, columns: Self.columns, rows: rows)
    }
}
