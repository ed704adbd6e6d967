import Metrics
import PostgresClient
import WireProtocol

/// One attempt at writing records in one transaction (see `IngestWriter`).
///
/// Families listed in `careful` are copied record by record, each inside a savepoint, so that a
/// record whose values PostgreSQL refuses is rejected alone; the others are copied with one
/// `COPY` per family. A data error in a family that was not careful ends the attempt with
/// `DataFailure`, and the writer tries again with that family careful.
struct WriteTransaction {
    let connection: PostgresConnection
    let plan: WritePlan
    let catalog: FamilyCatalog
    let chunkBytes: Int
    let careful: Set<String>
    let drift: SchemaDriftReporter
    let metrics: WriterMetrics

    /// A data error in a family copied in one piece.
    struct DataFailure: Error {
        let family: String
        let error: PostgresError
    }

    enum Failure: Error {
        case data(DataFailure)
        case postgres(PostgresError)
    }

    func run() throws(Failure) -> WriteResult {
        try postgres { () throws(PostgresError) in try connection.execute("BEGIN") }
        do throws(Failure) {
            let result = try body()
            try postgres { () throws(PostgresError) in try connection.execute("COMMIT") }
            return result
        } catch {
            connection.rollbackQuietly()
            throw error
        }
    }

    /// Runs `body`, wrapping its error as `.postgres`.
    private func postgres<T>(_ body: () throws(PostgresError) -> T) throws(Failure) -> T {
        do throws(PostgresError) {
            return try body()
        } catch {
            throw .postgres(error)
        }
    }

    private func body() throws(Failure) -> WriteResult {
        let states = try lockCollectors()
        let classification = plan.classify(states: states, catalog: catalog)
        var statuses = classification.statuses
        let toStore = classification.toStore
        for familyName in toStore.keys.sorted() {
            let family = catalog[familyName]!
            let indexes = toStore[familyName]!
            if careful.contains(familyName) {
                for index in indexes {
                    do {
                        let rows = try connection.withSavepoint("pga_record") { () throws -> Int in
                            try copy(family, [index])
                        }
                        statuses[index] = .stored(rows: rows)
                    } catch let error as PostgresError where FailureKind(error) == .data {
                        statuses[index] = .rejected(reason: error.message)
                    } catch let error as PostgresError {
                        throw .postgres(error)
                    } catch {
                        throw .postgres(PostgresError(.queryFailed, "\(error)"))
                    }
                }
            } else {
                do throws(PostgresError) {
                    _ = try copy(family, indexes)
                } catch {
                    if FailureKind(error) == .data { throw .data(DataFailure(family: familyName, error: error)) }
                    throw .postgres(error)
                }
                for index in indexes { statuses[index] = .stored(rows: plan.records[index].batch.rowCount) }
            }
        }
        let final = statuses.map { $0! }
        try updateCollectors(states: states, statuses: final, gaps: classification.gaps)
        return result(states: states, statuses: final, gaps: classification.gaps)
    }

    /// `SELECT ... FOR UPDATE` of every collector of the plan, in id order.
    private func lockCollectors() throws(Failure) -> [String: WritePlan.CollectorState] {
        do throws(PostgresError) {
            let result = try connection.query("""
                SELECT id, committed_sequence, revoked FROM pganalytics.collectors
                WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE
                """, params: [SQLName.textArray(plan.collectors)])
            var states: [String: WritePlan.CollectorState] = [:]
            for row in result.rows {
                guard case .text(let id) = row[0], case .int8(let committed) = row[1], case .bool(let revoked) = row[2] else { continue }
                states[id] = WritePlan.CollectorState(committed: UInt64(max(0, committed)), revoked: revoked)
            }
            return states
        } catch {
            throw .postgres(error)
        }
    }

    /// One COPY of the records at `indexes` (all of `family`); returns the rows stored.
    private func copy(_ family: FamilyDefinition, _ indexes: [Int]) throws(PostgresError) -> Int {
        let total = indexes.reduce(0) { $0 + plan.records[$1].batch.rowCount }
        guard total > 0 else { return 0 }
        let started = ContinuousClock.now
        defer { metrics.copyDuration.record(duration: ContinuousClock.now - started) }
        var encoder = CopyEncoder(family: family, chunkBytes: chunkBytes)
        try connection.beginCopyIn(encoder.statement)
        do throws(PostgresError) {
            for index in indexes {
                let record = plan.records[index]
                let (columns, dropped) = CopyEncoder.mapping(record.batch, to: family)
                for (descriptor, kind) in dropped {
                    drift.report(SchemaDrift(collectorID: record.collectorID, family: family.name, column: descriptor.name,
                                             batchType: descriptor.type, kind: kind))
                }
                try encoder.append(record.batch, collectorID: record.collectorID, columns: columns) { (chunk) throws(PostgresError) in
                    try connection.putCopyData(chunk)
                }
            }
            try encoder.finish { (chunk) throws(PostgresError) in try connection.putCopyData(chunk) }
        } catch {
            if connection.isConnected { connection.abortCopy() }
            throw error
        }
        return try connection.endCopy()
    }

    private func updateCollectors(states: [String: WritePlan.CollectorState], statuses: [RecordStatus], gaps: [SequenceGap]) throws(Failure) {
        var ids: [String] = []
        var sequences: [Int64] = []
        var rows: [Int64] = []
        var lost: [Int64] = []
        for collector in plan.collectors {
            guard states[collector] != nil else { continue }
            let indexes = plan.byCollector[collector]!
            let committed = indexes.filter { statuses[$0].isCommitted }.map { plan.records[$0].sequence }.max() ?? 0
            let stored = indexes.reduce(0) { total, index in
                if case .stored(let count) = statuses[index] { return total + count }
                return total
            }
            ids.append(collector)
            sequences.append(Int64(min(committed, UInt64(Int64.max))))
            rows.append(Int64(stored))
            lost.append(Int64(clamping: gaps.filter { $0.collectorID == collector }.reduce(0) { $0 + $1.count }))
        }
        guard !ids.isEmpty else { return }
        do throws(PostgresError) {
            _ = try connection.query("""
                UPDATE pganalytics.collectors AS c
                SET committed_sequence = GREATEST(c.committed_sequence, u.sequence),
                    samples_received = c.samples_received + u.rows,
                    lost_records = c.lost_records + u.lost,
                    last_seen = now(),
                    status = CASE WHEN c.status = 'registered' THEN 'active' ELSE c.status END
                FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[]) AS u(id, sequence, rows, lost)
                WHERE c.id = u.id
                """, params: [SQLName.textArray(ids), SQLName.integerArray(sequences), SQLName.integerArray(rows),
                              SQLName.integerArray(lost)])
        } catch {
            throw .postgres(error)
        }
    }

    private func result(states: [String: WritePlan.CollectorState], statuses: [RecordStatus], gaps: [SequenceGap]) -> WriteResult {
        var committed: [String: UInt64] = [:]
        for collector in plan.collectors {
            let before = states[collector]?.committed ?? 0
            let indexes = plan.byCollector[collector]!
            let after = indexes.filter { statuses[$0].isCommitted }.map { plan.records[$0].sequence }.max() ?? 0
            committed[collector] = max(before, after)
        }
        let outcomes = plan.records.indices.map { index in
            let record = plan.records[index]
            return RecordOutcome(collectorID: record.collectorID, sequence: record.sequence, family: record.batch.family, status: statuses[index])
        }
        return WriteResult(outcomes: outcomes, committedSequences: committed, gaps: gaps)
    }
}
