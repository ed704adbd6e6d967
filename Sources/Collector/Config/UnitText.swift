/// Durations written with a unit: `"100ms"`, `"30s"`, `"5m"`, `"1h"`, `"7d"`.
enum DurationText {
    /// Milliseconds, or nil when `text` is not a positive-or-zero number followed by a unit.
    static func milliseconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces.lowercased()
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (unit, factor) in units where trimmed.hasSuffix(unit) {
            let number = String(trimmed.dropLast(unit.count)).trimmingSpaces
            guard let value = Int64(number), value >= 0 else { continue }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return nil
    }
}

/// Sizes written with a unit: `"512MiB"`, `"2GB"`, `"1G"` (K, M, G, T; with or without `i`/`B`,
/// all powers of 1024), or a plain number of bytes.
enum ByteSizeText {
    static func bytes(_ text: String) -> Int64? {
        var body = text.trimmingSpaces.uppercased()
        if let plain = Int64(body.filter { $0 != "_" }) { return plain }
        if body.hasSuffix("B") { body.removeLast() }
        if body.hasSuffix("I") { body.removeLast() }
        guard let unit = body.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][unit] else { return nil }
        guard let value = Int64(String(body.dropLast()).trimmingSpaces), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: Int64(1) << (10 * power))
        return overflow ? nil : product
    }
}
