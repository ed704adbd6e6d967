import Foundation
import WireProtocol

/// `pg_stat_statements` exactly as the collector ships it (`StatementsFamily`) from a PostgreSQL 16
/// server (extension 1.10) of a busy OLTP workload 30 days after the statistics were reset: the
/// collector's version-independent 53-column set (`StatementsColumns`, in its order and types, NULL
/// where PostgreSQL 16 lacks a column), the `limit` statements that spent the most execution time
/// (50, the collector's default), then the `<other>` row (queryid 0) with the sums of all the rest.
///
/// How it is modelled (magnitudes checked against a pgbench-driven PostgreSQL 15 cluster and the
/// collector's `--dry-run --json` output on it):
/// * The server holds `statements` entries (500 by default, well below `pg_stat_statements.max`,
///   so `dealloc` is 0). Calls are Zipf-distributed over a random popularity rank (exponent 1.1,
///   about 1.5 × 10⁹ calls for the most popular statement), with log-normal noise. Report-style
///   queries run 10²–10⁴ times less often.
/// * Each statement gets a class — point select, range/report select, insert, update/delete,
///   utility (BEGIN, COMMIT, SET) — that decides rows, buffers, WAL, temp files and JIT per call.
/// * Timings are what PostgreSQL stores: min/max are single measurements at nanosecond resolution
///   (ms as a double), total/mean/stddev are running float sums, so their mantissas are full.
///   I/O times exist because `track_io_timing` is on (as pgAnalytics recommends).
/// * `track_planning` is off by default, so `plans` and every `*_plan_time` are 0; `trackPlanning`
///   turns it on.
/// * local_blks_* are non-zero only for the rare statement using temporary tables; temp_blks_*
///   for the ~15 % that spill sorts or hashes; jit_* only for expensive report queries.
/// * userid/dbid are a handful of OIDs; queryid is a full-range 64-bit hash; wal_bytes is sent as
///   int8 (the collector casts the numeric).
/// * PostgreSQL 16 lacks local_blk_*_time, jit_deform_*, stats_since, minmax_stats_since (17) and
///   wal_buffers_full, parallel_workers_* (18): NULL in every row. stats_reset and dealloc come from
///   `pg_stat_statements_info`, the same in every row.
/// * The `<other>` row is built as `StatementsTracker.otherRow` builds it: queryid 0, the key and
///   min/max/mean/stddev columns NULL, counters and total times summed, stats_reset/dealloc copied.
public enum StatStatements {
    public static let family = "pg_stat_statements"

    enum Kind: CaseIterable { case point, report, insert, update, utility }

    public static func batch(statements: Int = 500, limit: Int = 50, trackPlanning: Bool = false, seed: UInt64 = 0x5157_A7E5) -> (family: String, columns: [ColumnDescriptor], rows: [[Value]]) {
        var random = SeededRandom(seed: seed)
        var table = Table(family: family)
        let users: [Int64] = [16_384, 16_384, 16_384, 16_390, 16_391, 10]
        let databases: [Int64] = [16_385, 16_385, 16_385, 16_402, 5]
        // pg_stat_statements_info.stats_reset: the reset 30 days ago.
        let statsReset = SampleTime.sampledAt - 30 * SampleTime.microsecondsPerDay - 3_600_000_000 * 7 + 98_765_432

        for rank in 1...statements {
            let kind = [Kind.point, .report, .insert, .update, .utility][random.weighted([55, 15, 12, 12, 6])]
            var calls = 1.5e9 / pow(Double(rank), 1.1)
            calls = random.jitter(calls, sigma: 0.4)
            if kind == .report { calls /= random.logUniform(1e2, 1e4) }
            if kind == .utility { calls *= 3 }
            let callCount = max(1, Int64(calls.rounded()))
            let n = Double(callCount)

            // Per-call behaviour.
            let meanMs: Double
            var rowsPerCall: Double
            var blocksPerCall: Double
            var walPerCall = 0.0
            var dirtiedPerCall = 0.0
            switch kind {
            case .point:
                meanMs = random.logNormal(median: 0.04, sigma: 0.8)
                rowsPerCall = random.chance(0.8) ? 1 : random.logUniform(0.2, 20)
                blocksPerCall = random.logUniform(3, 12)
            case .report:
                meanMs = random.logNormal(median: 30, sigma: 1.2)
                rowsPerCall = random.logUniform(1, 2000)
                blocksPerCall = random.logUniform(200, 200_000)
            case .insert:
                meanMs = random.logNormal(median: 0.08, sigma: 0.7)
                rowsPerCall = random.chance(0.85) ? 1 : random.logUniform(2, 500)
                blocksPerCall = rowsPerCall * random.uniform(3, 8)
                walPerCall = rowsPerCall * random.uniform(1, 3)
                dirtiedPerCall = rowsPerCall * random.uniform(0.01, 0.2)
            case .update:
                meanMs = random.logNormal(median: 0.12, sigma: 0.8)
                rowsPerCall = random.chance(0.9) ? random.uniform(0.6, 1) : random.logUniform(1, 300)
                blocksPerCall = random.logUniform(4, 40)
                walPerCall = max(rowsPerCall, 0.5) * random.uniform(1, 4)
                dirtiedPerCall = random.uniform(0.02, 0.5)
            case .utility:
                meanMs = random.logNormal(median: 0.004, sigma: 0.5)
                rowsPerCall = 0
                blocksPerCall = 0
            }
            let readRatio = kind == .utility ? 0 : random.logUniform(1e-4, kind == .report ? 0.3 : 0.02)
            let spills = kind == .report ? random.chance(0.5) : random.chance(0.03)
            let tempTables = random.chance(0.02) && kind != .utility
            let jit = kind == .report && meanMs > 20 && random.chance(0.6)

            // Cumulative counters.
            let hit = (n * blocksPerCall * (1 - readRatio)).rounded()
            let read = (n * blocksPerCall * readRatio).rounded()
            let dirtied = (n * dirtiedPerCall).rounded()
            let written = random.chance(0.35) ? (dirtied * random.logUniform(0.001, 0.1)).rounded() : 0
            let rows = (n * rowsPerCall).rounded()
            let walRecords = (n * walPerCall).rounded()
            let walFPI = walRecords > 0 ? (walRecords * random.logUniform(0.005, 0.15)).rounded() : 0
            let walBytes = walRecords * random.uniform(70, 180) + walFPI * random.uniform(2000, 8192)
            let tempWritten = spills ? (n * random.logUniform(8, 20_000)).rounded() : 0
            let tempRead = spills ? (tempWritten * random.uniform(0.9, 1)).rounded() : 0
            let local = tempTables ? (n * random.logUniform(1, 200)).rounded() : 0

            // Timings in ms. min/max: one measurement at ns resolution; the rest are float sums.
            func nanos(_ ms: Double) -> Double { (ms * 1e6).rounded() / 1e6 }
            func sum(_ ms: Double) -> Double { n == 1 ? nanos(ms) : ms * (1 + random.uniform(-1e-12, 1e-12)) }
            let exec = timing(calls: n, meanMs: meanMs, random: &random)
            let total = sum(exec.mean * n)
            let plan = trackPlanning && kind != .utility
                ? timing(calls: n, meanMs: random.logNormal(median: 0.05, sigma: 0.7), random: &random) : nil
            let plans = plan == nil ? 0 : (n * random.uniform(0.02, 1)).rounded()
            let msPerRead = random.logUniform(0.02, 0.3)

            let user = random.pick(users)
            let database = random.pick(databases)
            let topLevel = !random.chance(0.05)
            let queryID = Int64(bitPattern: random.next())
            let jitFunctions = jit ? (n * random.uniform(4, 60)).rounded() : 0
            let jitGeneration = jit ? sum(n * random.logUniform(0.5, 10)) : 0
            let inlining = jit && random.chance(0.5)
            let optimizing = jit && random.chance(0.6)
            let totalPlan = plan.map { sum($0.mean * plans) } ?? 0
            let blkRead = read == 0 ? 0 : sum(read * msPerRead)
            let blkWrite = written == 0 ? 0 : sum(written * msPerRead * 2)
            let tempReadTime = tempRead == 0 ? 0 : sum(tempRead * msPerRead * 0.2)
            let tempWriteTime = tempWritten == 0 ? 0 : sum(tempWritten * msPerRead * 0.3)
            let inliningTime = inlining ? sum(n * random.logUniform(5, 80)) : 0
            let optimizationTime = optimizing ? sum(n * random.logUniform(5, 150)) : 0
            let emissionTime = jit ? sum(n * random.logUniform(3, 60)) : 0

            table.add { row in
                row.int("userid", user)
                row.int("dbid", database)
                row.bool("toplevel", topLevel)
                row.int("queryid", queryID)
                row.int("plans", plans)
                row.float("total_plan_time", totalPlan)
                row.float("min_plan_time", plan?.min ?? 0)
                row.float("max_plan_time", plan?.max ?? 0)
                row.float("mean_plan_time", plan?.mean ?? 0)
                row.float("stddev_plan_time", plan?.stddev ?? 0)
                row.int("calls", callCount)
                row.float("total_exec_time", total)
                row.float("min_exec_time", exec.min)
                row.float("max_exec_time", exec.max)
                row.float("mean_exec_time", exec.mean)
                row.float("stddev_exec_time", exec.stddev)
                row.int("rows", rows)
                row.int("shared_blks_hit", hit)
                row.int("shared_blks_read", read)
                row.int("shared_blks_dirtied", dirtied)
                row.int("shared_blks_written", written)
                row.int("local_blks_hit", local)
                row.int("local_blks_read", (local * 0.01).rounded())
                row.int("local_blks_dirtied", (local * 0.3).rounded())
                row.int("local_blks_written", (local * 0.05).rounded())
                row.int("temp_blks_read", tempRead)
                row.int("temp_blks_written", tempWritten)
                row.float("shared_blk_read_time", blkRead)   // PostgreSQL 16: blk_read_time
                row.float("shared_blk_write_time", blkWrite) // PostgreSQL 16: blk_write_time
                row.float("local_blk_read_time", nil)         // since 17
                row.float("local_blk_write_time", nil)        // since 17
                row.float("temp_blk_read_time", tempReadTime)
                row.float("temp_blk_write_time", tempWriteTime)
                row.int("wal_records", walRecords)
                row.int("wal_fpi", walFPI)
                row.int("wal_bytes", Int64(walBytes.rounded()))
                row.int("wal_buffers_full", nil)              // since 18
                row.int("jit_functions", jitFunctions)
                row.float("jit_generation_time", jitGeneration)
                row.int("jit_inlining_count", inlining ? n : 0)
                row.float("jit_inlining_time", inliningTime)
                row.int("jit_optimization_count", optimizing ? n : 0)
                row.float("jit_optimization_time", optimizationTime)
                row.int("jit_emission_count", jit ? n : 0)
                row.float("jit_emission_time", emissionTime)
                row.int("jit_deform_count", nil)              // since 17
                row.float("jit_deform_time", nil)             // since 17
                row.int("parallel_workers_to_launch", nil)    // since 18
                row.int("parallel_workers_launched", nil)     // since 18
                row.time("stats_since", nil)                  // since 17
                row.time("minmax_stats_since", nil)           // since 17
                row.time("stats_reset", statsReset)
                row.int("dealloc", 0)
            }
        }
        // The collector sends the top `limit` statements by execution time (on its first round and
        // in a steady workload, the order of total_exec_time), then the `<other>` row.
        let columns = table.columns
        guard let totalColumn = columns.firstIndex(where: { $0.name == "total_exec_time" }),
              let queryidColumn = columns.firstIndex(where: { $0.name == "queryid" }) else { fatalError("columns") }
        func total(_ row: [Value]) -> Double { if case .float8(let t) = row[totalColumn] { t } else { 0 } }
        func queryid(_ row: [Value]) -> Int64 { if case .int8(let q) = row[queryidColumn] { q } else { 0 } }
        let ranked = table.rows.sorted { total($0) != total($1) ? total($0) > total($1) : queryid($0) < queryid($1) }
        let top = Array(ranked.prefix(limit))
        let rest = Array(ranked.dropFirst(limit))
        return (family, columns, top + [otherRow(rest, columns: columns)])
    }

    /// What `StatementsTracker.otherRow` sends for the statements past the limit.
    static func otherRow(_ rows: [[Value]], columns: [ColumnDescriptor]) -> [Value] {
        let key = ["userid", "dbid", "queryid", "toplevel"]
        func isSummable(_ name: String) -> Bool {
            !key.contains(name) && !["min_", "max_", "mean_", "stddev_"].contains { name.hasPrefix($0) }
                && !["dealloc", "stats_reset"].contains(name)
        }
        return columns.enumerated().map { index, column -> Value in
            if column.name == "queryid" { return .int8(0) }
            if column.name == "stats_reset" || column.name == "dealloc" { return rows.first?[index] ?? .null }
            guard isSummable(column.name) else { return .null }
            let allNull = !rows.isEmpty && rows.allSatisfy { $0[index] == .null }
            switch column.type {
            case .int8:
                return allNull ? .null : .int8(rows.reduce(0) { if case .int8(let v) = $1[index] { $0 &+ v } else { $0 } })
            case .float8:
                return allNull ? .null : .float8(rows.reduce(0) { if case .float8(let v) = $1[index] { $0 + v } else { $0 } })
            default:
                return .null
            }
        }
    }

    struct Timing { var min: Double; var max: Double; var mean: Double; var stddev: Double }

    /// min/max at nanosecond resolution, mean and stddev as PostgreSQL's running (Welford) sums.
    static func timing(calls: Double, meanMs: Double, random: inout SeededRandom) -> Timing {
        func nanos(_ ms: Double) -> Double { max(1e-6, (ms * 1e6).rounded() / 1e6) }
        if calls == 1 { let t = nanos(meanMs); return Timing(min: t, max: t, mean: t, stddev: 0) }
        let spread = random.uniform(0.3, 2.5)
        let minMs = nanos(meanMs * random.uniform(0.05, 0.6))
        let maxMs = nanos(meanMs * random.logUniform(5, 2000))
        return Timing(min: minMs, max: maxMs, mean: meanMs * (1 + random.uniform(-1e-9, 1e-9)), stddev: meanMs * spread)
    }
}
