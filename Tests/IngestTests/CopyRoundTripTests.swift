import Ingest
import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct CopyRoundTripTests {
    /// A family with one column of every wire type.
    static let everyType = FamilyDefinition("ingest_test_types", [
        FamilyColumn("flag", .bool), FamilyColumn("count", .int8), FamilyColumn("ratio", .float8),
        FamilyColumn("at", .timestamptz), FamilyColumn("label", .text), FamilyColumn("blob", .bytea), FamilyColumn("amount", .numeric),
    ])
    static let catalog = FamilyCatalog.standard.adding([everyType])

    static let rows: [[Value]] = [
        [.bool(true), .int8(Int64.max), .float8(.nan), .timestamptz(0), .text("héllo ✓ 日本語 🐘"), .bytea([0, 1, 2, 255]),
         .numeric(Numeric(decimal: "12345678901234567890.0123456789")!)],
        [.bool(false), .int8(Int64.min), .float8(.infinity), .timestamptz(-1_000_000), .text(""), .bytea([]), .numeric(.nan)],
        [.null, .null, .float8(-.infinity), .null, .null, .null, .numeric(Numeric(decimal: "-0.5")!)],
        [.bool(true), .int8(0), .float8(-0.0), .timestamptz(Int64.max), .text("a\tb\nc\\d\"e'"), .bytea(Array(repeating: 0xAB, count: 3000)), .numeric(.infinity)],
        [.bool(false), .int8(-1), .float8(1e-300), .timestamptz(Int64.min), .text("x"), .bytea([7]), .numeric(.negativeInfinity)],
    ]

    @Test func everyColumnTypeRoundTrips() throws {
        try IngestDatabase.with(migrate: Self.catalog) { database in
            try database.register(["c1"])
            let columns = Self.everyType.columns.map { ColumnDescriptor(name: $0.name, type: $0.type) }
            // Shuffle the batch's column order: columns are matched by name.
            let order = [6, 0, 5, 1, 4, 2, 3]
            let batch = try Batch(family: Self.everyType.name, sampledAt: TestBatches.now(), columns: order.map { columns[$0] },
                                  rows: Self.rows.map { row in order.map { row[$0] } })
            // A tiny chunk size: the stream is sent in many PQputCopyData calls.
            let writer = IngestWriter(catalog: Self.catalog, options: WriterOptions(copyChunkBytes: 37), connector: database.connector)
            let result = try writer.write([IngestRecord(collectorID: "c1", sequence: 1, batch: batch)])
            #expect(result.outcomes.map(\.status) == [.stored(rows: Self.rows.count)])

            let connection = try database.connect()
            let stored = try connection.query("""
                SELECT flag, count, ratio, at, label, blob, amount, collector_id, "time" FROM pganalytics.ingest_test_types
                ORDER BY label NULLS LAST, count
                """)
            let expected = Self.rows.sorted { lhs, rhs in
                func key(_ row: [Value]) -> (String, Int64) {
                    let label: String = if case .text(let text) = row[4] { text } else { "\u{10FFFF}" }
                    let count: Int64 = if case .int8(let value) = row[1] { value } else { 0 }
                    return (label, count)
                }
                return key(lhs) < key(rhs)
            }
            #expect(stored.rows.count == expected.count)
            for (actual, wanted) in zip(stored.rows, expected) {
                #expect(Array(actual.prefix(6)) == Array(wanted.prefix(6)))
                // numeric compares by value (PostgreSQL may normalise the digits).
                #expect(actual[6].numericText == wanted[6].numericText)
                #expect(actual[7] == .text("c1"))
                #expect(actual[8] == .timestamptz(batch.sampledAt))
            }
        }
    }

    @Test func manyRowsAcrossChunks() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let rows = (0..<20_000).map { (datid: Int64($0), commits: Int64($0) * 3) }
            let batch = try TestBatches.statDatabase(rows: rows)
            let writer = IngestWriter(connector: database.connector)
            let result = try writer.write([IngestRecord(collectorID: "c1", sequence: 1, batch: batch)])
            #expect(result.outcomes.first?.status == .stored(rows: 20_000))
            #expect(try database.scalar("SELECT sum(xact_commit)::int8 FROM pganalytics.pg_stat_database") == rows.reduce(0) { $0 + $1.commits })
            #expect(try database.scalar("SELECT samples_received FROM pganalytics.collectors WHERE id = 'c1'") == 20_000)
        }
    }
}

extension Value {
    /// A numeric as PostgreSQL prints it, for comparing values whose digits may be laid out differently.
    var numericText: String? {
        if case .numeric(let numeric) = self { return numeric.description }
        return nil
    }
}
