import Spool

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
            usage.segments = SpoolDirectoryScan.fileSize(atPath: input.path) ?? 0
            return usage
        }
        let listing = try input.listing()
        for name in listing.names {
            // A file removed since the listing (an acknowledged segment) counts as zero.
            let size = listing.size(of: name) ?? 0
            if SegmentName.firstSequence(ofSegment: name) != nil {
                usage.segments += size
            } else if name.hasSuffix(SegmentName.indexExtension) {
                usage.indexes += size
            } else {
                usage.other += size
            }
        }
        return usage
    }
}
