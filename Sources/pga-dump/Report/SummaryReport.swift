/// Everything the default output shows: the scan's totals, the cursor, disk usage and the
/// per-record numbers; rendered as labelled lines or as one JSON object.
struct SummaryReport {
    var input: SpoolInput
    var totals: SpoolScanner.Totals
    var summary: SpoolSummary
    var cursor: CursorReading
    var disk: DiskUsage
    var filterDescription: String?

    /// Labelled lines; docs/pga-dump.md explains each.
    var lines: [String] {
        func row(_ label: String, _ value: String) -> String { label.padded(15) + value }
        var out: [String] = []
        out.append(row("path", "\(input.path) (\(input.kind == .directory ? "spool directory" : "segment file"))"))
        if let filterDescription { out.append(row("filter", filterDescription)) }
        var segments = "\(totals.segmentNames.count)"
        if let first = totals.segmentNames.first, let last = totals.segmentNames.last {
            segments += first == last ? "  (\(first))" : "  (\(first) … \(last))"
        }
        out.append(row("segments", segments))
        out.append(row("records", "\(summary.records)"))
        out.append(row("sequences", range(summary.firstSequence, summary.lastSequence) { String($0) }))
        out.append(row("time range", range(summary.earliest, summary.latest, PostgresTime.iso8601)))
        out.append(row("rows", "\(summary.rows)"))
        out.append(row("families", "\(summary.families.count)"))
        let nameWidth = max(22, summary.families.keys.map(\.count).max() ?? 0)
        for (family, count) in summary.families.sorted(by: { $0.key < $1.key }) {
            out.append("  " + family.padded(nameWidth) + "  " + "\(count.records)".rightAligned(8) + " records"
                       + "  " + "\(count.rows)".rightAligned(10) + " rows")
        }
        out.append(row("bytes on disk", "\(disk.total)  (segments \(disk.segments), indexes \(disk.indexes), other \(disk.other))"))
        var payload = "\(summary.rawPayloadBytes) raw, \(summary.wirePayloadBytes) stored"
        if let ratio = summary.compressionRatio { payload += "; compression ratio \(format(ratio))" }
        out.append(row("payload bytes", payload))
        out.append(row("cursor", cursorText))
        out.append(row("pending", pendingText))
        out.append(row("dropped", droppedText))
        out.append(row("damage", summary.damaged == 0
            ? "none found"
            : "\(summary.damaged) damaged place\(summary.damaged == 1 ? "" : "s") (listed on standard error; see --verify)"))
        return out
    }

    /// `{"type":"summary",…}` with the same numbers; absent values are `null`.
    var json: String {
        var object = JSONObject(type: "summary")
        object.add("path", input.path)
        object.add("kind", input.kind == .directory ? "directory" : "segment")
        if let filterDescription { object.add("filter", filterDescription) }
        object.add("segments", totals.segmentNames.count)
        object.add("first_segment", totals.segmentNames.first)
        object.add("last_segment", totals.segmentNames.last)
        object.add("records", summary.records)
        object.add("first_sequence", summary.firstSequence)
        object.add("last_sequence", summary.lastSequence)
        object.add("first_sampled_at", summary.earliest.map(PostgresTime.iso8601))
        object.add("last_sampled_at", summary.latest.map(PostgresTime.iso8601))
        object.add("rows", summary.rows)
        let families = summary.families.sorted(by: { $0.key < $1.key }).map { family, count in
            var item = JSONObject()
            item.add("family", family)
            item.add("records", count.records)
            item.add("rows", count.rows)
            return item.text
        }
        object.add("families", json: "[" + families.joined(separator: ",") + "]")
        object.add("bytes_on_disk", disk.total)
        object.add("segment_bytes", disk.segments)
        object.add("index_bytes", disk.indexes)
        object.add("other_bytes", disk.other)
        object.add("raw_payload_bytes", summary.rawPayloadBytes)
        object.add("stored_payload_bytes", summary.wirePayloadBytes)
        if let ratio = summary.compressionRatio { object.add("compression_ratio", ratio) } else { object.addNull("compression_ratio") }
        object.add("cursor", cursorState)
        object.add("acknowledged", cursor.acknowledged)
        object.add("pending_records", summary.pendingRecords)
        object.add("pending_bytes", summary.pendingBytes)
        if case .present(let state) = cursor {
            object.add("dropped_records", state.droppedRecords)
            object.add("dropped_rows", state.droppedSamples)
            object.add("dropped_through", state.droppedThrough)
        } else {
            object.addNull("dropped_records")
            object.addNull("dropped_rows")
            object.addNull("dropped_through")
        }
        object.add("damaged", summary.damaged)
        return object.text
    }

    private var cursorState: String {
        switch cursor {
        case .present: "ok"
        case .missing: "missing"
        case .damaged: "damaged"
        case .notRead: "not_read"
        }
    }

    private var cursorText: String {
        switch cursor {
        case .present(let state): state.acknowledged == 0 ? "nothing acknowledged yet" : "acknowledged through sequence \(state.acknowledged)"
        case .missing: "no CURSOR file: nothing acknowledged"
        case .damaged(let damage): "CURSOR unreadable (\(damage.detail)); everything counts as pending"
        case .notRead: "not read (PATH is a single segment; give the spool directory)"
        }
    }

    private var pendingText: String {
        var text = "\(summary.pendingRecords) records, \(summary.pendingBytes) bytes after the cursor"
        if let first = summary.pendingFirst, let last = summary.pendingLast {
            text += " (sequences \(first == last ? "\(first)" : "\(first) – \(last)"))"
        }
        return text
    }

    private var droppedText: String {
        switch cursor {
        case .present(let state):
            var text = "\(state.droppedRecords) records, \(state.droppedSamples) rows discarded unacknowledged by the size or age bound"
            if state.droppedThrough > 0 { text += " (through sequence \(state.droppedThrough))" }
            return text
        default:
            return "unknown (no readable CURSOR)"
        }
    }

    private func range<T>(_ low: T?, _ high: T?, _ show: (T) -> String) -> String {
        guard let low, let high else { return "none" }
        let a = show(low), b = show(high)
        return a == b ? a : "\(a) – \(b)"
    }

    private func format(_ ratio: Double) -> String {
        let hundredths = Int((ratio * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
