import Logging
import WireProtocol

/// A BATCH column the family table cannot take (PROTOCOL.md section 8): it is dropped, and
/// reported once per collector, family and column.
public struct SchemaDrift: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The table has no column of that name.
        case unknownColumn
        /// The table's column of that name has another type.
        case typeMismatch(table: ColumnType)
    }

    public var collectorID: String
    public var family: String
    public var column: String
    public var batchType: ColumnType
    public var kind: Kind

    public init(collectorID: String, family: String, column: String, batchType: ColumnType, kind: Kind) {
        self.collectorID = collectorID
        self.family = family
        self.column = column
        self.batchType = batchType
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .unknownColumn:
            "collector \(collectorID) sends \(family).\(column) (\(batchType)), which the table lacks; dropped"
        case .typeMismatch(let table):
            "collector \(collectorID) sends \(family).\(column) as \(batchType), the table has \(table); dropped"
        }
    }
}

/// Remembers which drifts were reported and reports each one once: to the logger (warning) and
/// to an optional callback. Shared by every writer of a pool.
public final class SchemaDriftReporter: Sendable {
    private let seen = Locked(Set<SchemaDrift>())
    private let logger: Logger
    private let callback: (@Sendable (SchemaDrift) -> Void)?

    public init(logger: Logger = Logger(label: "pganalytics.ingest.drift"), callback: (@Sendable (SchemaDrift) -> Void)? = nil) {
        self.logger = logger
        self.callback = callback
    }

    /// Reports `drift` unless it was reported before; returns whether it was new.
    @discardableResult
    public func report(_ drift: SchemaDrift) -> Bool {
        let isNew = seen.withLock { $0.insert(drift).inserted }
        guard isNew else { return false }
        logger.warning("\(drift)")
        callback?(drift)
        return true
    }

    /// Every drift reported so far.
    public var reported: Set<SchemaDrift> { seen.withLock { $0 } }
}
