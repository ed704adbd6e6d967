/// `pganalytics --dry-run`: one round of every enabled, available family, printed; nothing is
/// written to the spool and nothing is shipped.
public enum DryRun {
    /// Collects once from `setup.samplers` and writes the result through `write`.
    /// - Returns: false when a family failed.
    public static func run(setup: RunSetup, json: Bool, write: (String) -> Void) -> Bool {
        let time = SampleTime.now()
        var succeeded = true
        var skipped: [String] = []
        for sampler in setup.samplers {
            let statuses = Dictionary(sampler.availability().map { ($0.family, $0.status) }, uniquingKeysWith: { first, _ in first })
            var requested = Set<String>()
            for family in sampler.families {
                if !setup.isEnabled(family) { continue }
                if let status = statuses[family], status != .available {
                    skipped.append("\(family) (\(sampler.name)): \(ValidationReport.describe(status))")
                    continue
                }
                requested.insert(family)
            }
            guard !requested.isEmpty else { continue }
            let result = sampler.collect(requested, at: time)
            for batch in result.batches {
                if json {
                    BatchPrinter.jsonLines(batch, sampler: sampler.name).forEach(write)
                } else {
                    write(BatchPrinter.table(batch, sampler: sampler.name) + "\n")
                }
            }
            for (family, message) in result.failures.sorted(by: { $0.key < $1.key }) {
                succeeded = false
                if json {
                    write("{\"family\":\(ValueText.jsonString(family)),\"sampler\":\(ValueText.jsonString(sampler.name)),\"error\":\(ValueText.jsonString(message))}")
                } else {
                    write("\(family)  (\(sampler.name)) FAILED: \(message)\n")
                }
            }
        }
        if !json && !skipped.isEmpty {
            write("not collected:\n" + skipped.map { "  " + $0 }.joined(separator: "\n"))
        }
        return succeeded
    }
}
