import PostgresClient
import Testing
import WireProtocol

@Suite(.serialized) struct CopyTests {
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0]

    /// One tuple of (bigint, text) in COPY BINARY.
    static func tuple(_ number: Int64, _ text: String?) -> [UInt8] {
        var bytes: [UInt8] = [0, 2, 0, 0, 0, 8]
        withUnsafeBytes(of: number.bigEndian) { bytes += $0 }
        if let text {
            let utf8 = Array(text.utf8)
            withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { bytes += $0 }
            bytes += utf8
        } else {
            bytes += [0xFF, 0xFF, 0xFF, 0xFF]
        }
        return bytes
    }

    @Test func binaryCopyStoresRowsSentInChunks() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE copy_target (n bigint, t text)")
        var stream = Self.header
        for n in 0..<1000 { stream += Self.tuple(Int64(n), n % 10 == 0 ? nil : "row \(n) ✓") }
        stream += [0xFF, 0xFF]
        try connection.beginCopyIn("COPY copy_target (n, t) FROM STDIN (FORMAT binary)")
        // Uneven chunks, split inside tuples.
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + 997)
            try connection.putCopyData(Array(stream[offset..<end]))
            offset = end
        }
        #expect(try connection.endCopy() == 1000)
        let result = try connection.query("SELECT count(*), count(t), sum(n) FROM copy_target")
        #expect(result.rows[0] == [.int8(1000), .int8(900), .numeric(Numeric(499_500))])
    }

    @Test func aRefusedValueIsAQueryFailedWithItsSQLStateAndTheConnectionStaysUsable() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE copy_checked (n bigint CHECK (n > 0), t text)")
        try connection.beginCopyIn("COPY copy_checked (n, t) FROM STDIN (FORMAT binary)")
        try connection.putCopyData(Self.header + Self.tuple(1, "ok") + Self.tuple(-1, "bad") + [0xFF, 0xFF])
        #expect {
            try connection.endCopy()
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.code == .queryFailed && error.sqlState == "23514" && error.message.contains("line 2")
        }
        #expect(try connection.query("SELECT count(*) FROM copy_checked").rows[0] == [.int8(0)])
    }

    @Test func abortingACopyDiscardsItInsideASavepoint() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE copy_aborted (n bigint, t text)")
        try connection.withTransaction { connection in
            try connection.execute("INSERT INTO copy_aborted VALUES (7, 'kept')")
            #expect(throws: PostgresError.self) {
                try connection.withSavepoint("before_copy") {
                    try connection.beginCopyIn("COPY copy_aborted (n, t) FROM STDIN (FORMAT binary)")
                    try connection.putCopyData(Self.header + Self.tuple(1, "discarded"))
                    connection.abortCopy("test")
                    _ = try connection.query("SELECT 1")  // the transaction is in error until the savepoint rolls back
                }
            }
        }
        #expect(try connection.query("SELECT n FROM copy_aborted").rows == [[.int8(7)]])
    }

    @Test func aFailedTransactionRollsBack() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE tx_target (n bigint)")
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try connection.withTransaction { connection in
                try connection.execute("INSERT INTO tx_target VALUES (1)")
                throw Failure()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM tx_target").rows[0] == [.int8(0)])
    }
}
