import WireProtocol

/// Builds the columns and rows of one family row by row; the first row fixes the schema.
struct Table {
    let family: String
    private(set) var columns: [ColumnDescriptor] = []
    private(set) var rows: [[Value]] = []

    init(family: String) { self.family = family }

    struct Row {
        fileprivate var cells: [(String, ColumnType, Value)] = []

        mutating func bool(_ name: String, _ value: Bool?) { cells.append((name, .bool, value.map(Value.bool) ?? .null)) }
        mutating func int(_ name: String, _ value: Int64?) { cells.append((name, .int8, value.map(Value.int8) ?? .null)) }
        mutating func int(_ name: String, _ value: Double) { int(name, Int64(value.rounded())) }
        mutating func float(_ name: String, _ value: Double?) { cells.append((name, .float8, value.map(Value.float8) ?? .null)) }
        mutating func time(_ name: String, _ value: Int64?) { cells.append((name, .timestamptz, value.map(Value.timestamptz) ?? .null)) }
        mutating func text(_ name: String, _ value: String?) { cells.append((name, .text, value.map(Value.text) ?? .null)) }
        mutating func numeric(_ name: String, _ value: Int64?) {
            cells.append((name, .numeric, value.map { Value.numeric(Numeric($0)) } ?? .null))
        }
    }

    mutating func add(_ build: (inout Row) -> Void) {
        var row = Row()
        build(&row)
        if rows.isEmpty && columns.isEmpty {
            columns = row.cells.map { ColumnDescriptor(name: $0.0, type: $0.1) }
        } else {
            precondition(row.cells.map(\.0) == columns.map(\.name), "\(family): every row has the same columns")
        }
        rows.append(row.cells.map(\.2))
    }
}

/// Times in the batches: microseconds since 2000-01-01 00:00:00 UTC.
public enum SampleTime {
    /// 2026-11-25 12:00:00 UTC, the instant every sample batch is taken at.
    public static let sampledAt: Int64 = 848_923_200_000_000
    public static let microsecondsPerSecond: Int64 = 1_000_000
    public static let microsecondsPerDay: Int64 = 86_400 * microsecondsPerSecond
}
