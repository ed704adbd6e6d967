/// The files of a spool directory, classified by name (SPOOL.md section 2). Listing is
/// read-only: no lock is taken and nothing is opened but the directory.
public struct SpoolDirectoryScan: Sendable {
    /// A segment file found in the directory.
    public struct Segment: Hashable, Sendable {
        /// The first sequence its name promises.
        public var firstSequence: UInt64
        /// The file name, `NNNNNNNNNNNNNNNNNNNN.seg`.
        public var name: String
        /// The full path.
        public var path: String
    }

    /// The spool directory.
    public let directory: String
    /// Every entry of the directory (but `.` and `..`), in the order the directory lists them.
    public let names: [String]
    /// The segment files, in sequence order.
    public let segments: [Segment]
    /// Names of index files (`NNNNNNNNNNNNNNNNNNNN.idx`), with or without a segment.
    public let indexNames: [String]
    /// Names of files being written when a writer stopped (`*.tmp`); recovery removes them.
    public let temporaryNames: [String]

    /// Lists `directory`.
    /// - Throws: `io` when it cannot be listed (`systemCall` is `opendir`).
    public init(directory: String) throws(SpoolError) {
        self.directory = directory
        names = try Directory.list(directory)
        segments = names.compactMap { name in
            SegmentName.firstSequence(ofSegment: name).map { Segment(firstSequence: $0, name: name, path: directory + "/" + name) }
        }.sorted { $0.firstSequence < $1.firstSequence }
        indexNames = names.filter { SegmentName.firstSequence(ofIndex: $0) != nil }
        temporaryNames = names.filter { $0.hasSuffix(".tmp") }
    }

    /// Whether the directory holds a `CURSOR` file.
    public var hasCursor: Bool { names.contains(CursorState.fileName) }

    /// Index files whose segment is not in the directory; recovery removes them.
    public var orphanIndexNames: [String] {
        let firsts = Set(segments.map(\.firstSequence))
        return indexNames.filter { !firsts.contains(SegmentName.firstSequence(ofIndex: $0)!) }
    }

    /// The size of the file `name` in the directory, or nil when it cannot be stat'ed (gone).
    public func size(of name: String) -> Int64? { Self.fileSize(atPath: directory + "/" + name) }

    /// The size of the file at `path`, or nil when it cannot be stat'ed.
    public static func fileSize(atPath path: String) -> Int64? { Directory.fileSize(path) }
}
