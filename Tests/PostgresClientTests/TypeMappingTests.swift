import PostgresClient
import Testing
import WireProtocol

@Suite("result types")
struct TypeMappingTests {
    @Test("every supported type maps to its wire type and value")
    func everyType() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("""
            SELECT true AS bool, 'ab'::bytea AS bytea, 'x'::"char" AS char, 'pg'::name AS name,
                   (-9000000000)::int8 AS int8, (-7)::int2 AS int2, 2147483647::int4 AS int4, 'plain'::text AS text,
                   4000000000::oid AS oid, '123'::xid AS xid, 1.5::float4 AS float4, (-2.25)::float8 AS float8,
                   'ab'::bpchar(4) AS bpchar, 'vc'::varchar AS varchar,
                   '2000-01-01 00:00:01'::timestamp AS timestamp, '2000-01-02 00:00:00+00'::timestamptz AS timestamptz,
                   (-12345.678)::numeric AS numeric, '9000000000000000000'::xid8 AS xid8
            """)
        let expected: [(String, PostgresType, ColumnType, Value)] = [
            ("bool", .bool, .bool, .bool(true)),
            ("bytea", .bytea, .bytea, .bytea([0x61, 0x62])),
            ("char", .char, .text, .text("x")),
            ("name", .name, .text, .text("pg")),
            ("int8", .int8, .int8, .int8(-9_000_000_000)),
            ("int2", .int2, .int8, .int8(-7)),
            ("int4", .int4, .int8, .int8(2_147_483_647)),
            ("text", .text, .text, .text("plain")),
            ("oid", .oid, .int8, .int8(4_000_000_000)),
            ("xid", .xid, .int8, .int8(123)),
            ("float4", .float4, .float8, .float8(1.5)),
            ("float8", .float8, .float8, .float8(-2.25)),
            ("bpchar", .bpchar, .text, .text("ab  ")),
            ("varchar", .varchar, .text, .text("vc")),
            ("timestamp", .timestamp, .timestamptz, .timestamptz(1_000_000)),
            ("timestamptz", .timestamptz, .timestamptz, .timestamptz(86_400_000_000)),
            ("numeric", .numeric, .numeric, .numeric(Numeric(decimal: "-12345.678")!)),
            ("xid8", .xid8, .int8, .int8(9_000_000_000_000_000_000)),
        ]
        #expect(result.columns.map(\.name) == expected.map(\.0))
        #expect(result.columns.map(\.postgresType) == expected.map(\.1))
        #expect(result.columns.map(\.type) == expected.map(\.2))
        #expect(result.rows == [expected.map(\.3)])
        #expect(Set(expected.map(\.1)).count == PostgresType.allCases.count - 1, "every type but unknown is covered")
    }

    @Test("numeric special values and wide numbers come through exactly")
    func numerics() throws {
        let connection = try TestDatabase.connect()
        let texts = ["0", "NaN", "123456789012345678901234567890.000001", "-0.0001", "1e-20"]
        for text in texts {
            let row = try connection.query("SELECT $1::numeric AS n, $1::numeric::text AS t", params: [text]).rows[0]
            guard case .numeric(let numeric) = row[0], case .text(let printed) = row[1] else {
                Issue.record("\(text): \(row)")
                continue
            }
            #expect(numeric.description == printed, "\(text)")
        }
    }

    @Test("NULLs of every type are .null")
    func nulls() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("SELECT NULL::int4 AS a, NULL::text AS b, NULL::numeric AS c, NULL::timestamptz AS d")
        #expect(result.rows == [[.null, .null, .null, .null]])
        #expect(result.columns.map(\.type) == [.int8, .text, .numeric, .timestamptz])
    }

    @Test("a type without a wire type is refused naming the column and OID")
    func unsupported() throws {
        let connection = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) {
            _ = try connection.query("SELECT 1 AS fine, interval '1 day' AS span")
        }
        #expect(error?.code == .unsupportedType)
        #expect(error?.column == "span")
        #expect(error?.typeOID == 1186)
        let lsn = #expect(throws: PostgresError.self) { _ = try connection.query("SELECT pg_current_wal_lsn() AS lsn") }
        #expect(lsn?.typeOID == 3220)
        #expect(try connection.query("SELECT pg_current_wal_lsn()::text AS lsn").columns[0].type == .text)
    }

    @Test("a result becomes a BATCH with the same columns and rows")
    func batch() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("""
            SELECT g AS n, g * 0.5 AS half, 'row ' || g AS label, CASE WHEN g % 2 = 0 THEN now() END AS at
            FROM generate_series(1, 10) g
            """)
        let batch = try result.batch(family: "test_family", sampledAt: 42)
        #expect(batch.family == "test_family")
        #expect(batch.sampledAt == 42)
        #expect(batch.columns == [ColumnDescriptor(name: "n", type: .int8), ColumnDescriptor(name: "half", type: .numeric),
                                  ColumnDescriptor(name: "label", type: .text), ColumnDescriptor(name: "at", type: .timestamptz)])
        #expect(batch.rows == result.rows)
        #expect(result[3, "label"] == .text("row 4"))
        let badName = #expect(throws: WireError.self) {
            _ = try connection.query("SELECT 1 AS \"Bad Name\"").batch(family: "test_family", sampledAt: 0)
        }
        #expect(badName?.code == .invalidName)
    }
}
