import Foundation
import Metrics
import WireProtocol

/// The listener's instruments (swift-metrics). Made when the server is, from the factory
/// bootstrapped by then (the executable bootstraps its exporter first). Every name starts with
/// `pga_ingest_`.
final class IngestMetrics: @unchecked Sendable {
    /// Connections open now.
    let connections: Gauge
    /// Connections accepted since start.
    let connectionsTotal: Counter
    /// Sequences collectors skipped (their spool dropped the records), counted once committed.
    let lostRecords: Counter
    private let factory: any MetricsFactory
    private let framesReceived: [MessageType: Counter]
    private let framesSent: [MessageType: Counter]
    private let errors: [UInt16: Counter]
    private let lock = NSLock()
    private var families: [String: (rows: Counter, bytes: Counter)] = [:]

    init(factory: any MetricsFactory) {
        self.factory = factory
        connections = Gauge(label: "pga_ingest_connections", factory: factory)
        connectionsTotal = Counter(label: "pga_ingest_connections_total", factory: factory)
        lostRecords = Counter(label: "pga_ingest_lost_records_total", factory: factory)
        var received: [MessageType: Counter] = [:]
        var sent: [MessageType: Counter] = [:]
        for type in MessageType.allCases {
            let name = type.description.lowercased()
            received[type] = Counter(label: "pga_ingest_frames_received_total", dimensions: [("type", name)], factory: factory)
            sent[type] = Counter(label: "pga_ingest_frames_sent_total", dimensions: [("type", name)], factory: factory)
        }
        framesReceived = received
        framesSent = sent
        var errors: [UInt16: Counter] = [:]
        for code in ErrorCode.all {
            errors[code.rawValue] = Counter(label: "pga_ingest_errors_total", dimensions: [("code", code.name)], factory: factory)
        }
        self.errors = errors
    }

    func received(_ type: MessageType) {
        framesReceived[type]?.increment()
    }

    func sent(_ type: MessageType) {
        framesSent[type]?.increment()
    }

    /// An ERROR the listener sent.
    func error(_ code: ErrorCode) {
        errors[code.effective.rawValue]?.increment()
    }

    /// Rows and payload bytes committed for `family` (a family of the catalog, so the label set
    /// is bounded).
    func stored(family: String, rows: Int, bytes: Int) {
        let counters = lock.withLock {
            if let existing = families[family] { return existing }
            let made = (Counter(label: "pga_ingest_rows_total", dimensions: [("family", family)], factory: factory),
                        Counter(label: "pga_ingest_bytes_total", dimensions: [("family", family)], factory: factory))
            families[family] = made
            return made
        }
        counters.rows.increment(by: rows)
        counters.bytes.increment(by: bytes)
    }
}
