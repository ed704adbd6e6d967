import WireProtocol

/// Renders batches for `--dry-run`: an aligned table per batch, or JSON lines (one object per row).
public enum BatchPrinter {
    /// Longest cell shown in a table; longer text is cut with `…`.
    public static let maxCellWidth = 48

    /// A titled, aligned table of the batch's rows.
    public static func table(_ batch: Batch, sampler: String) -> String {
        var lines = ["\(batch.family)  (\(sampler), \(batch.rowCount) row\(batch.rowCount == 1 ? "" : "s"), \(ValueText.iso8601(microsSince2000: batch.sampledAt)))"]
        let header = batch.columns.map(\.name)
        let rows = batch.rows.map { $0.map { clip(ValueText.cell($0)) } }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let numeric = batch.columns.map { [.int8, .float8, .numeric].contains($0.type) }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return numeric[index] ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        lines.append("  " + render(header))
        lines.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += rows.map { "  " + render($0) }
        return lines.joined(separator: "\n")
    }

    /// One JSON object per row: `family`, `sampler`, `time`, then the columns.
    public static func jsonLines(_ batch: Batch, sampler: String) -> [String] {
        let prefix = "{\"family\":\(ValueText.jsonString(batch.family)),\"sampler\":\(ValueText.jsonString(sampler)),\"time\":\(ValueText.jsonString(ValueText.iso8601(microsSince2000: batch.sampledAt)))"
        return batch.rows.map { row in
            let fields = zip(batch.columns, row).map { ",\(ValueText.jsonString($0.name)):\(ValueText.json($1))" }
            return prefix + fields.joined() + "}"
        }
    }

    static func clip(_ text: String) -> String {
        let flat = text.replacingNewlines
        return flat.count <= maxCellWidth ? flat : String(flat.prefix(maxCellWidth - 1)) + "…"
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }

    var replacingNewlines: String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
    }
}
