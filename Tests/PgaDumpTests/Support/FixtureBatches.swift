import WireProtocol

/// The records of the test spools: three families in turn, one minute apart, with every column
/// type and some NULLs, so that the expected output can be computed from the sequence alone.
enum FixtureBatches {
    /// 2026-11-03T10:00:00Z in microseconds since 2000-01-01 UTC.
    static let base: Int64 = 847_015_200_000_000
    static let minute: Int64 = 60_000_000

    /// The family of record `sequence`.
    static func family(_ sequence: UInt64) -> String {
        switch sequence % 3 {
        case 1: "pg_stat_database"
        case 2: "pg_stat_bgwriter"
        default: "host_load"
        }
    }

    /// Rows in record `sequence`.
    static func rowCount(_ sequence: UInt64) -> Int {
        switch sequence % 3 {
        case 1: 4
        case 2: 1
        default: 2
        }
    }

    /// When record `sequence` was sampled.
    static func sampledAt(_ sequence: UInt64) -> Int64 { base + Int64(sequence - 1) * minute }

    /// `sampledAt` as the tool prints it.
    static func iso(_ sequence: UInt64) -> String {
        let seconds = 1_793_700_000 + Int(sequence - 1) * 60
        return isoUTC(seconds)
    }

    static func batch(_ sequence: UInt64) -> Batch {
        let at = sampledAt(sequence)
        let s = Int64(sequence)
        do {
            switch sequence % 3 {
            case 1:
                let names = ["postgres", "template1", "app", "analytics"]
                return try Batch(
                    family: family(sequence), sampledAt: at,
                    columns: [.init(name: "datname", type: .text), .init(name: "xact_commit", type: .int8),
                              .init(name: "blks_hit", type: .int8), .init(name: "stats_reset", type: .timestamptz)],
                    rows: names.enumerated().map { i, name in
                        [.text(name), .int8(s * 100 + Int64(i)), .int8(Int64(i) * 1000), i == 0 ? .null : .timestamptz(base)]
                    })
            case 2:
                return try Batch(
                    family: family(sequence), sampledAt: at,
                    columns: [.init(name: "checkpoints_timed", type: .int8), .init(name: "buffers_ratio", type: .float8),
                              .init(name: "healthy", type: .bool)],
                    rows: [[.int8(s), .float8(0.5), .bool(true)]])
            default:
                return try Batch(
                    family: family(sequence), sampledAt: at,
                    columns: [.init(name: "device", type: .text), .init(name: "load", type: .float8),
                              .init(name: "bytes", type: .numeric), .init(name: "tag", type: .bytea)],
                    rows: [[.text("sda"), .float8(1.25), .numeric(Numeric(decimal: "12345678901234567890.5")!), .bytea([0xDE, 0xAD])],
                           [.text("sdb"), .null, .numeric(Numeric(s)), .bytea([])]])
            }
        } catch {
            preconditionFailure("fixture batch \(sequence) does not encode: \(error)")
        }
    }

    /// The whole frame of record `sequence`, as the collector appends it.
    static func frame(_ sequence: UInt64, compress: Bool = true) -> [UInt8] {
        // Without the preset dictionary: the fixture's records must stay large enough to rotate
        // across three 4 KiB segments.
        Frame.make(type: .batch, sequence: sequence, rawPayload: batch(sequence).encodedPayload(),
                   compress: compress, dictionary: false).bytes
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds, computed without the tool's code.
func isoUTC(_ unixSeconds: Int) -> String {
    let days = unixSeconds / 86_400
    let secondsOfDay = unixSeconds % 86_400
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = z / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))Z"
}
