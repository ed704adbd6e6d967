import WireProtocol

/// `--rows`: the decoded rows of a record, as an aligned table under a line naming the record,
/// or as one JSON object per row.
///
/// ```
/// == record 7  pg_stat_database  2026-11-03T10:00:00Z  3 rows  (00000000000000000001.seg offset 1480)
/// datname   | xact_commit | blks_hit
/// ----------+-------------+---------
/// postgres  |        1200 |    98765
/// ```
enum RowTable {
    /// The line naming a record, above its table.
    static func title(_ record: DecodedRecord) -> String {
        let rows = record.batch.rowCount
        return "== record \(record.sequence)  \(record.batch.family)  \(PostgresTime.iso8601(record.batch.sampledAt))"
            + "  \(rows) row\(rows == 1 ? "" : "s")  (\(record.segment) offset \(record.offset))"
    }

    /// The title, the column names, a rule, and one line per row; numbers right-aligned.
    static func text(_ record: DecodedRecord) -> [String] {
        let batch = record.batch
        let cells = (0..<batch.rowCount).map { row in batch.columns.indices.map { ValueText.table(batch.value(row: row, column: $0)) } }
        let widths = batch.columns.indices.map { column in
            cells.reduce(batch.columns[column].name.count) { max($0, $1[column].count) }
        }
        func line(_ values: [String], numeric: Bool) -> String {
            values.indices.map { column in
                let right = numeric && ValueText.isNumeric(batch.columns[column].type)
                return right ? values[column].rightAligned(widths[column]) : values[column].padded(widths[column])
            }.joined(separator: " | ").trailingSpacesRemoved
        }
        var lines = [title(record), line(batch.columns.map(\.name), numeric: false)]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-"))
        lines += cells.map { line($0, numeric: true) }
        return lines
    }

    /// One `{"type":"row",…,"row":i,"values":{"column":value,…}}` per row.
    static func json(_ record: DecodedRecord) -> [String] {
        let batch = record.batch
        return (0..<batch.rowCount).map { row in
            var object = JSONObject(type: "row")
            RecordLine.addFields(of: record, to: &object)
            object.add("row", row)
            let values = batch.columns.indices.map { column in
                JSONObject.quote(batch.columns[column].name) + ":" + ValueText.json(batch.value(row: row, column: column))
            }
            object.add("values", json: "{" + values.joined(separator: ",") + "}")
            return object.text
        }
    }
}

extension String {
    /// The text without trailing spaces (a left-aligned last column leaves some).
    var trailingSpacesRemoved: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
