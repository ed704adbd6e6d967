import ArgumentParser
import Glibc

/// `pga-dump`: reads a collector's spool and says what is in it, without ever writing to it.
@main
struct PgaDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pga-dump",
        abstract: "Inspect and verify a pgAnalytics collector spool, read-only.",
        discussion: """
            PATH is a spool directory (the collector's spool_directory) or one of its segment \
            files (NNNNNNNNNNNNNNNNNNNN.seg). pga-dump only reads: it takes no lock, repairs \
            nothing and never moves the cursor, so it is safe to run while the collector is \
            writing.

            Without a mode option it prints a summary: segments, records, sequence and time \
            ranges, families, rows, bytes on disk, compression ratio, the acknowledged cursor, \
            what is pending after it, and what the size bound dropped.

            Times are UTC ISO-8601. --since and --until take 2026-11-03T10:00:00Z, \
            2026-11-03T12:00+02:00, 2026-11-03, or a time relative to now: -15m, -2h, -1h30m, \
            -7d, now.

            Examples (SPOOL=/var/lib/pganalytics/spool):
              pga-dump $SPOOL
              pga-dump --verify $SPOOL
              pga-dump --records --family pg_stat_database --since -1h $SPOOL
              pga-dump --rows --sequence 1200-1210 $SPOOL
              pga-dump --records --json $SPOOL | jq 'select(.rows > 100)'
              pga-dump --follow --rows --family pg_stat_activity $SPOOL

            Exit status: 0 success (and a clean --verify); 1 --verify found damage; 64 bad \
            command line; 65 PATH is not a spool directory or segment file; 66 PATH or a file in \
            it does not exist or cannot be read; 74 a read failed part way. docs/pga-dump.md \
            explains every line of the output.
            """
    )

    @Argument(help: ArgumentHelp("A spool directory, or one segment file.", valueName: "path"))
    var path: String

    @Flag(help: "Check every segment header, record header CRC, payload CRC, decompression, BATCH decode and sequence continuity; name each damaged place by segment and offset. Exit 1 when anything is damaged.")
    var verify = false

    @Flag(help: "One line per record: segment, offset, sequence, time, family, rows, stored and raw payload bytes.")
    var records = false

    @Flag(help: "The decoded rows of each record, as a table under a line naming the record.")
    var rows = false

    @Flag(help: "JSON lines (one object per line, each with a \"type\" field) instead of text, for jq.")
    var json = false

    @Flag(help: "Keep printing records as the collector appends them (as --records, or --rows), until interrupted. Starts at the end unless --sequence or --since is given.")
    var follow = false

    @Option(help: ArgumentHelp("Only records of this metric family; repeat for several.", valueName: "name"))
    var family: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Only records sampled at or after this time (ISO-8601, or relative like -15m).", valueName: "time"))
    var since: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Only records sampled at or before this time (ISO-8601, or relative like -2h).", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Only records with sequence FROM, FROM-TO or FROM- (inclusive).", valueName: "from[-to]"))
    var sequence: String?

    func run() throws {
        do {
            let status = try dump()
            if status != 0 { throw ExitCode(status) }
        } catch let failure as DumpFailure {
            Output().note(failure.message)
            throw ExitCode(failure.exitCode)
        }
    }

    /// Runs the chosen mode and returns the exit status.
    private func dump() throws(DumpFailure) -> Int32 {
        let filter = try selection()
        let output = Output()
        defer { output.flush() }
        let context = DumpContext(input: try SpoolInput.resolve(path), filter: filter,
                                  filterDescription: filterDescription, json: json, output: output)
        let style: RecordPrinter.Style = rows ? .rows : .records
        if verify {
            return try VerifyMode.run(context) ? 0 : DumpFailure.damageFound
        } else if follow {
            try FollowMode.run(context, style: style, fromStart: filter.sequences != nil || filter.since != nil)
        } else if records || rows {
            try ListMode.run(context, style: style)
        } else {
            try SummaryMode.run(context)
        }
        return 0
    }

    /// The filters, checked; a bad combination or value is a usage error.
    private func selection() throws(DumpFailure) -> RecordFilter {
        func usage(_ message: String) -> DumpFailure { DumpFailure(exitCode: DumpFailure.usage, message: message) }
        if records && rows { throw usage("--records and --rows cannot be combined; choose one") }
        if verify && (records || rows || follow) { throw usage("--verify cannot be combined with --records, --rows or --follow") }
        var filter = RecordFilter()
        filter.families = Set(family)
        if verify && (!family.isEmpty || since != nil || until != nil || sequence != nil) {
            throw usage("--verify checks the whole spool; --family, --since, --until and --sequence do not apply")
        }
        for name in family where !WireNameCheck.isValid(name) {
            throw usage("--family \"\(name)\": family names are 1-63 characters of [a-z_][a-z0-9_]*")
        }
        let now = PostgresTime.now()
        if let since {
            guard let time = TimeArgument.parse(since, now: now) else { throw usage(Self.badTime("--since", since)) }
            filter.since = time
        }
        if let until {
            guard let time = TimeArgument.parse(until, now: now) else { throw usage(Self.badTime("--until", until)) }
            filter.until = time
        }
        if let since = filter.since, let until = filter.until, until < since {
            throw usage("--until \(PostgresTime.iso8601(until)) is before --since \(PostgresTime.iso8601(since))")
        }
        if let sequence {
            guard let range = SequenceRange(sequence) else {
                throw usage("--sequence \"\(sequence)\": expected FROM, FROM-TO or FROM- with FROM ≤ TO, e.g. 120-180")
            }
            filter.sequences = range
        }
        return filter
    }

    /// The filters as given, or nil when there are none.
    private var filterDescription: String? {
        var parts: [String] = family.map { "--family \($0)" }
        if let since { parts.append("--since \(since)") }
        if let until { parts.append("--until \(until)") }
        if let sequence { parts.append("--sequence \(sequence)") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    private static func badTime(_ option: String, _ value: String) -> String {
        "\(option) \"\(value)\": expected an ISO-8601 time such as 2026-11-03T10:00:00Z or a relative one such as -15m, -2h, -7d"
    }
}

/// The protocol's rule for family names, to reject a `--family` that can never match.
enum WireNameCheck {
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            let letter = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            return letter || (digit && index > 0)
        }
    }
}
