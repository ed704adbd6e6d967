/// The default output: one pass over the spool, then the summary.
enum SummaryMode {
    static func run(_ context: DumpContext) throws(DumpFailure) {
        let cursor = try CursorReading.read(context.input)
        let acknowledged = cursor.acknowledged ?? 0
        var summary = SpoolSummary()
        let printer = RecordPrinter(style: .records, json: context.json, output: context.output, acknowledged: cursor.acknowledged)
        let totals = try SpoolScanner(input: context.input, limits: context.limits).run { event in
            switch event {
            case .record(let record):
                if context.filter.matches(record) { summary.add(record, acknowledged: acknowledged) }
            case .damage(let damage):
                guard context.filter.mayInclude(damage) else { return }
                summary.damaged += 1
                printer.print(damage)
            }
        }
        if case .damaged(let damage) = cursor {
            summary.damaged += 1
            printer.print(damage)
        }
        let report = SummaryReport(input: context.input, totals: totals, summary: summary, cursor: cursor,
                                   disk: try DiskUsage.measure(context.input), filterDescription: context.filterDescription)
        if context.json {
            context.output.line(report.json)
        } else {
            report.lines.forEach(context.output.line)
        }
    }
}
