/// Bytes the spool occupies, by kind of file (apparent sizes, as `ls -l` shows them).
struct DiskUsage {
    var segments: Int64 = 0
    var indexes: Int64 = 0
    /// `CURSOR`, `LOCK` and anything else in the directory.
    var other: Int64 = 0

    var total: Int64 { segments + indexes + other }

    /// Sizes of the files in the spool directory, or of the one segment PATH names.
    static func measure(_ input: SpoolInput) throws(DumpFailure) -> DiskUsage {
        var usage = DiskUsage()
        guard input.kind == .directory else {
            usage.segments = SpoolInput.fileSize(input.path) ?? 0
            return usage
        }
        for name in try SpoolInput.list(input.directory) {
            // A file removed since the listing (an acknowledged segment) counts as zero.
            let size = SpoolInput.fileSize(input.directory + "/" + name) ?? 0
            if SegmentFileName.firstSequence(name) != nil {
                usage.segments += size
            } else if name.hasSuffix(SegmentFileName.indexExtension) {
                usage.indexes += size
            } else {
                usage.other += size
            }
        }
        return usage
    }
}
