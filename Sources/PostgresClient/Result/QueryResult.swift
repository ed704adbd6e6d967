import CLibPQ
import WireProtocol

/// The rows of one statement, with each column's PostgreSQL type and the wire type it maps to.
public struct QueryResult: Hashable, Sendable {
    /// One result column.
    public struct Column: Hashable, Sendable {
        /// The name as the SQL gave it (its alias).
        public var name: String
        /// The PostgreSQL type of the column.
        public var postgresType: PostgresType
        /// The wire type its values are sent as.
        public var type: ColumnType { postgresType.columnType }

        public init(name: String, postgresType: PostgresType) {
            self.name = name
            self.postgresType = postgresType
        }
    }

    public var columns: [Column]
    /// One array per row, one value per column; `.null` for NULL.
    public var rows: [[Value]]

    public init(columns: [Column], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The index of the column named `name`.
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The value in `row` of the column named `name`; `.null` when there is no such column.
    public subscript(row: Int, name: String) -> Value {
        guard let column = columnIndex(named: name) else { return .null }
        return rows[row][column]
    }

    /// Reads a binary-format `PGresult`.
    init(decoding result: OpaquePointer) throws(PostgresError) {
        let fieldCount = Int(PQnfields(result))
        var columns: [Column] = []
        columns.reserveCapacity(fieldCount)
        for field in 0..<fieldCount {
            let name = PQfname(result, Int32(field)).map { String(cString: $0) } ?? "?column?"
            let oid = UInt32(PQftype(result, Int32(field)))
            guard let type = PostgresType(rawValue: oid) else {
                throw PostgresError(.unsupportedType, "no wire type for type OID \(oid); cast the column in the SQL",
                                    column: name, typeOID: oid)
            }
            columns.append(Column(name: name, postgresType: type))
        }
        let rowCount = Int(PQntuples(result))
        var rows: [[Value]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [Value] = []
            values.reserveCapacity(fieldCount)
            for (field, column) in columns.enumerated() {
                let (r, f) = (Int32(row), Int32(field))
                if PQgetisnull(result, r, f) != 0 {
                    values.append(.null)
                    continue
                }
                let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, r, f), count: Int(PQgetlength(result, r, f)))
                guard let value = BinaryValue.decode(bytes, as: column.postgresType) else {
                    throw PostgresError(.malformedValue, "row \(row): \(bytes.count) bytes are not a valid \(column.postgresType)",
                                        column: column.name, typeOID: column.postgresType.rawValue)
                }
                values.append(value)
            }
            rows.append(values)
        }
        self.columns = columns
        self.rows = rows
    }
}
