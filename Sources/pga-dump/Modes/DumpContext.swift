import WireProtocol

/// What every mode needs: the resolved PATH, the selection, the output form.
struct DumpContext {
    var input: SpoolInput
    var filter: RecordFilter
    /// The filters as given, for the summary's `filter` line.
    var filterDescription: String?
    var json: Bool
    var output: Output
    /// The receiver limits records are checked against: the protocol's defaults.
    var limits: Limits = .default
}
