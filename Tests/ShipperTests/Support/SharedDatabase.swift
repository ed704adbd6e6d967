import IngestTestSupport
import Testing

/// The migrated database the end-to-end tests share; each test uses collector ids of its own.
extension MigratedDatabase {
    /// The shared database, created and migrated on first use.
    static func shared() throws -> MigratedDatabase {
        try shared(prefix: "pga_shipper_")
    }

    /// `host_load` rows stored for `id`, and how many distinct samples (load1 = sequence) they are.
    func hostLoad(_ id: String) throws -> (rows: Int64, distinct: Int64) {
        (try scalar("SELECT count(*) FROM pganalytics.host_load WHERE collector_id = $1", [id]) ?? -1,
         try scalar("SELECT count(DISTINCT load1)::bigint FROM pganalytics.host_load WHERE collector_id = $1", [id]) ?? -1)
    }

    /// The collector's committed sequence (-1 without its row).
    func committed(_ id: String) throws -> Int64 {
        try scalar("SELECT committed_sequence FROM pganalytics.collectors WHERE id = $1", [id]) ?? -1
    }
}

extension ShipperSide {
    /// Like `with`, for a collector registered in the shared database (and revoked when asked)
    /// whose spool holds `records` `host_load` records (see `TestSpool.appendHostLoad`).
    static func registered<T>(records: Int, revoked: Bool = false, pki makePKI: () throws -> TestPKI = { try TestPKI() },
                              spool makeSpool: () throws -> TestSpool = { try TestSpool() },
                              _ body: (MigratedDatabase, ShipperSide) async throws -> T) async throws -> T {
        let database = try MigratedDatabase.shared()
        return try await with(pki: makePKI, spool: makeSpool) { side in
            try database.register(side.pki.collectorID, revoked: revoked)
            try side.spool.appendHostLoad(records)
            return try await body(database, side)
        }
    }
}
