/// `--follow`: prints records as the writer appends them, until SIGINT or SIGTERM.
enum FollowMode {
    /// Milliseconds between polls of the spool directory.
    static let pollInterval = 200

    /// - Parameter fromStart: print the records already on disk (that pass the filters) first;
    ///   otherwise only records appended after the start.
    static func run(_ context: DumpContext, style: RecordPrinter.Style, fromStart: Bool) throws(DumpFailure) {
        let interrupts = InterruptWait()
        let output = context.output
        output.flushEachLine = true
        let cursor = try CursorReading.read(context.input)
        var printer = RecordPrinter(style: style, json: context.json, output: output, acknowledged: cursor.acknowledged)
        var follower = SpoolFollower(input: context.input, limits: context.limits)
        if !fromStart { try follower.skipExisting() }
        repeat {
            try follower.poll { event in
                switch event {
                case .record(let record):
                    if context.filter.matches(record) { printer.print(record) }
                case .damage(let damage):
                    if context.filter.mayInclude(damage) { printer.print(damage) }
                }
            }
        } while !interrupts.sleep(milliseconds: pollInterval)
    }
}
