import Testing
import WireProtocol

/// The schema cache changes how much work decoding does, never its outcome: every batch decodes
/// to the same value and every malformed one fails with the same error and offset, whether the
/// family's descriptors were seen before or not.
@Suite struct BatchSchemaCacheTests {
    static let columns = [ColumnDescriptor(name: "datname", type: .text), ColumnDescriptor(name: "xact_commit", type: .int8)]

    static func payload(family: String = "pg_stat_database", columns: [ColumnDescriptor] = columns, rows: [[Value]]) -> [UInt8] {
        HandBuiltBatch(family: family, columns: columns, rows: rows).payload
    }

    /// Decodes with a warm cache (the same family seen first) and without one; both must agree.
    static func bothWays(_ payload: [UInt8], warmedBy warm: [UInt8]) -> (Result<Batch, WireError>, Result<Batch, WireError>) {
        var cache = BatchSchemaCache()
        _ = try? Batch.decode(warm, schemas: &cache)
        let cached = Result { () throws(WireError) -> Batch in try Batch.decode(payload, schemas: &cache) }
        let plain = Result { () throws(WireError) -> Batch in try Batch.decode(payload) }
        return (cached, plain)
    }

    @Test func hitDecodesTheSameBatch() throws {
        let warm = Self.payload(rows: [[.text("a"), .int8(1)]])
        let next = Self.payload(rows: [[.text("b"), .int8(2)], [.null, .int8(3)]])
        let (cached, plain) = Self.bothWays(next, warmedBy: warm)
        #expect(try cached.get() == plain.get())
        #expect(try cached.get().values(column: 0) == [.text("b"), .null])
    }

    @Test func changedSchemaIsValidatedAgain() throws {
        let warm = Self.payload(rows: [[.text("a"), .int8(1)]])
        let duplicate = [ColumnDescriptor(name: "datname", type: .text), ColumnDescriptor(name: "datname", type: .int8)]
        let bad = Self.payload(columns: duplicate, rows: [[.text("a"), .int8(1)]])
        let (cached, plain) = Self.bothWays(bad, warmedBy: warm)
        let expected = try #require(plain.error())
        #expect(throws: expected) { try cached.get() }
        #expect(expected.code == .duplicateColumn)
        // A longer schema whose first bytes equal the cached one is not mistaken for it.
        let longer = Self.payload(columns: Self.columns + [ColumnDescriptor(name: "x", type: .bool)], rows: [[.text("a"), .int8(1), .bool(true)]])
        let (cachedLonger, plainLonger) = Self.bothWays(longer, warmedBy: warm)
        #expect(try cachedLonger.get() == plainLonger.get())
    }

    @Test func errorsAfterACachedSchemaAreUnchanged() throws {
        let warm = Self.payload(rows: [[.text("a"), .int8(1)]])
        let good = Self.payload(rows: [[.text("b"), .int8(2)]])
        // Truncated inside the schema, inside the data, and with a row count over the limit.
        var tooManyRows = good
        tooManyRows.replaceSubrange(25..<29, with: be(UInt32(200_000)))
        for payload in [Array(good.prefix(30)), Array(good.prefix(good.count - 3)), tooManyRows, good + [0]] {
            let (cached, plain) = Self.bothWays(payload, warmedBy: warm)
            let expected = try #require(plain.error())
            #expect(throws: expected) { try cached.get() }
        }
    }

    /// Names of the same length whose first and last eight bytes agree (so they may share a hash)
    /// are still told apart.
    @Test func similarFamilyNamesAreKeptApart() throws {
        var cache = BatchSchemaCache()
        let other = [ColumnDescriptor(name: "n", type: .int8)]
        let first = Self.payload(family: "pg_stat_aaaa_database", rows: [[.text("a"), .int8(1)]])
        let second = Self.payload(family: "pg_stat_bbbb_database", columns: other, rows: [[.int8(7)]])
        _ = try Batch.decode(first, schemas: &cache)
        let decoded = try Batch.decode(second, schemas: &cache)
        #expect(decoded.family == "pg_stat_bbbb_database" && decoded.columns == other && decoded.values(column: 0) == [.int8(7)])
        let again = try Batch.decode(first, schemas: &cache)
        #expect(again.family == "pg_stat_aaaa_database" && again.columns == Self.columns)
        #expect(cache.count == 2)
    }

    @Test func staysWithinItsCapacity() throws {
        var cache = BatchSchemaCache(capacity: 3)
        for index in 0..<10 {
            _ = try Batch.decode(Self.payload(family: "family_\(index)", rows: [[.text("a"), .int8(1)]]), schemas: &cache)
        }
        #expect(cache.count == 3)
        var disabled = BatchSchemaCache(capacity: 0)
        _ = try Batch.decode(Self.payload(rows: [[.text("a"), .int8(1)]]), schemas: &disabled)
        #expect(disabled.count == 0)
    }

    @Test func messageDecoderReusesSchemasAcrossFrames() throws {
        var decoder = MessageDecoder()
        let batches = try (1...3).map { sequence in
            try Batch(family: "pg_stat_database", sampledAt: 1, columns: Self.columns, rows: [[.text("db"), .int8(Int64(sequence))]])
        }
        for (index, batch) in batches.enumerated() {
            decoder.append(Message.batch(sequence: UInt64(index + 1), batch).frame().bytes)
        }
        var decoded: [Batch] = []
        while let message = try decoder.next() {
            guard case .batch(_, let batch) = message else { Issue.record("not a batch"); continue }
            decoded.append(batch)
        }
        #expect(decoded == batches)
    }
}

extension Result {
    /// The failure, or nil on success.
    func error() -> Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
