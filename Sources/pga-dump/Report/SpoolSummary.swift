/// The numbers of the default output, gathered record by record during one scan.
struct SpoolSummary {
    /// Records and rows of one family.
    struct FamilyCount {
        var records = 0
        var rows = 0
    }

    var records = 0
    var rows = 0
    var firstSequence: UInt64?
    var lastSequence: UInt64?
    var earliest: Int64?
    var latest: Int64?
    var families: [String: FamilyCount] = [:]
    /// Payload bytes after decompression.
    var rawPayloadBytes: Int64 = 0
    /// Payload bytes as stored.
    var wirePayloadBytes: Int64 = 0
    var pendingRecords = 0
    /// Whole-record bytes (header and payload) after the cursor.
    var pendingBytes: Int64 = 0
    var pendingFirst: UInt64?
    var pendingLast: UInt64?
    var damaged = 0

    /// Raw payload bytes per stored payload byte; nil when there is no record.
    var compressionRatio: Double? {
        wirePayloadBytes > 0 ? Double(rawPayloadBytes) / Double(wirePayloadBytes) : nil
    }

    mutating func add(_ record: DecodedRecord, acknowledged: UInt64) {
        let batch = record.batch
        records += 1
        rows += batch.rowCount
        firstSequence = min(firstSequence ?? record.sequence, record.sequence)
        lastSequence = max(lastSequence ?? record.sequence, record.sequence)
        earliest = min(earliest ?? batch.sampledAt, batch.sampledAt)
        latest = max(latest ?? batch.sampledAt, batch.sampledAt)
        families[batch.family, default: FamilyCount()].records += 1
        families[batch.family, default: FamilyCount()].rows += batch.rowCount
        rawPayloadBytes += Int64(record.rawBytes)
        wirePayloadBytes += Int64(record.wireBytes)
        if record.sequence > acknowledged {
            pendingRecords += 1
            pendingBytes += Int64(record.raw.bytes.count)
            pendingFirst = min(pendingFirst ?? record.sequence, record.sequence)
            pendingLast = max(pendingLast ?? record.sequence, record.sequence)
        }
    }
}
