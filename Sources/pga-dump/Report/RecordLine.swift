/// `--records`: one line per record, as aligned text or as a JSON object.
///
/// ```
/// SEGMENT                    OFFSET  SEQUENCE  TIME                  FAMILY                    ROWS    WIRE     RAW
/// 00000000000000000001.seg       32         1  2026-11-03T10:00:00Z  pg_stat_database             3     212     388
/// ```
enum RecordLine {
    /// The column headings, printed once before the first line.
    static let heading = "SEGMENT".padded(24) + "  " + "OFFSET".rightAligned(8) + "  " + "SEQUENCE".rightAligned(8)
        + "  " + "TIME".padded(20) + "  " + "FAMILY".padded(24) + "  " + "ROWS".rightAligned(6)
        + "  " + "WIRE".rightAligned(6) + "  " + "RAW".rightAligned(6)

    static func text(_ record: DecodedRecord) -> String {
        record.segment.padded(24) + "  " + String(record.offset).rightAligned(8) + "  " + String(record.sequence).rightAligned(8)
            + "  " + PostgresTime.iso8601(record.batch.sampledAt).padded(20) + "  " + record.batch.family.padded(24)
            + "  " + String(record.batch.rowCount).rightAligned(6) + "  " + String(record.wireBytes).rightAligned(6)
            + "  " + String(record.rawBytes).rightAligned(6)
    }

    /// `{"type":"record","segment":…,"offset":…,"sequence":…,"sampled_at":…,"family":…,"rows":…,
    /// "columns":…,"wire_bytes":…,"raw_bytes":…,"compressed":…,"acknowledged":…}`
    static func json(_ record: DecodedRecord, acknowledged: UInt64?) -> String {
        var object = JSONObject(type: "record")
        addFields(of: record, to: &object)
        object.add("rows", record.batch.rowCount)
        object.add("columns", record.batch.columns.count)
        object.add("wire_bytes", record.wireBytes)
        object.add("raw_bytes", record.rawBytes)
        object.add("compressed", record.raw.header.isCompressed)
        if let acknowledged { object.add("acknowledged", record.sequence <= acknowledged) }
        return object.text
    }

    /// The fields that name a record, shared by record and row objects.
    static func addFields(of record: DecodedRecord, to object: inout JSONObject) {
        object.add("segment", record.segment)
        object.add("offset", record.offset)
        object.add("sequence", record.sequence)
        object.add("sampled_at", PostgresTime.iso8601(record.batch.sampledAt))
        object.add("family", record.batch.family)
    }
}
