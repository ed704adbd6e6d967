/// `--verify`: every check on every record; damaged places on standard output, then a verdict.
/// The exit status is 0 when nothing is damaged and 1 otherwise.
enum VerifyMode {
    /// - Returns: whether the spool is clean.
    static func run(_ context: DumpContext) throws(DumpFailure) -> Bool {
        let output = context.output
        var damaged = 0
        var records = 0
        func report(_ damage: Damage) {
            damaged += 1
            output.line(context.json ? DamageLine.json(damage) : damage.line)
        }
        let cursor = try CursorReading.read(context.input)
        let totals = try SpoolScanner(input: context.input, limits: context.limits).run { event in
            switch event {
            case .record: records += 1
            case .damage(let damage): report(damage)
            }
        }
        if case .damaged(let damage) = cursor { report(damage) }
        let segments = totals.segmentNames.count
        if context.json {
            var object = JSONObject(type: "verify")
            object.add("ok", damaged == 0)
            object.add("segments", segments)
            object.add("records", records)
            object.add("damaged", damaged)
            output.line(object.text)
        } else {
            let verdict = damaged == 0 ? "no damage" : "\(damaged) damaged place\(damaged == 1 ? "" : "s")"
            output.line("verify: \(segments) segment\(segments == 1 ? "" : "s"), \(records) intact record\(records == 1 ? "" : "s"), \(verdict)")
        }
        return damaged == 0
    }
}
