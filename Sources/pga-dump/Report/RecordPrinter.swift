/// Prints selected records in the `--records` or `--rows` style, as text or JSON lines, and
/// damaged places met on the way. Shared by the one-pass listing and by `--follow`.
struct RecordPrinter {
    enum Style {
        case records
        case rows
    }

    let style: Style
    let json: Bool
    let output: Output
    /// The cursor's acknowledged sequence, for the JSON `acknowledged` field.
    let acknowledged: UInt64?
    private var headingPrinted = false

    init(style: Style, json: Bool, output: Output, acknowledged: UInt64?) {
        self.style = style
        self.json = json
        self.output = output
        self.acknowledged = acknowledged
    }

    mutating func print(_ record: DecodedRecord) {
        switch (style, json) {
        case (.records, false):
            if !headingPrinted {
                output.line(RecordLine.heading)
                headingPrinted = true
            }
            output.line(RecordLine.text(record))
        case (.records, true):
            output.line(RecordLine.json(record, acknowledged: acknowledged))
        case (.rows, false):
            if headingPrinted { output.line("") }
            headingPrinted = true
            RowTable.text(record).forEach(output.line)
        case (.rows, true):
            RowTable.json(record).forEach(output.line)
        }
    }

    /// Damage goes to standard error as text, or into the JSON stream as a `damage` object.
    func print(_ damage: Damage) {
        if json {
            output.line(DamageLine.json(damage))
        } else {
            output.note("damaged: " + damage.line)
        }
    }
}

/// A damaged place as a JSON object.
enum DamageLine {
    /// `{"type":"damage","file":…,"offset":…,"sequence":…,"code":…,"message":…}`
    static func json(_ damage: Damage) -> String {
        var object = JSONObject(type: "damage")
        object.add("file", damage.file)
        object.add("offset", damage.offset)
        object.add("sequence", damage.sequence)
        object.add("code", damage.code)
        object.add("message", damage.detail)
        return object.text
    }
}
