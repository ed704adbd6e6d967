/// `--records` and `--rows`: one pass over the spool, printing each selected record.
enum ListMode {
    static func run(_ context: DumpContext, style: RecordPrinter.Style) throws(DumpFailure) {
        let cursor = try CursorReading.read(context.input)
        var printer = RecordPrinter(style: style, json: context.json, output: context.output, acknowledged: cursor.acknowledged)
        _ = try SpoolScanner(input: context.input, limits: context.limits).run { event in
            switch event {
            case .record(let record):
                if context.filter.matches(record) { printer.print(record) }
            case .damage(let damage):
                if context.filter.mayInclude(damage) { printer.print(damage) }
            }
        }
    }
}
