import Glibc
import Spool

/// What PATH names: a whole spool directory, or one segment file.
struct SpoolInput {
    enum Kind: Equatable {
        case directory
        case segment
    }

    var kind: Kind
    /// PATH as given, without a trailing slash.
    var path: String
    /// The spool directory: PATH itself, or the segment's directory.
    var directory: String

    /// The spool directory's files, listed by the Spool module.
    func listing() throws(DumpFailure) -> SpoolDirectoryScan {
        try DumpFailure.reading { () throws(SpoolError) in try SpoolDirectoryScan(directory: directory) }
    }

    /// Full paths of the segment files to read, in sequence order.
    func segmentPaths() throws(DumpFailure) -> [String] {
        switch kind {
        case .segment: return [path]
        case .directory: return try listing().segments.map(\.path)
        }
    }

    /// Classifies PATH, failing with one readable line when it is missing, unreadable, or
    /// neither a spool directory nor a segment file.
    static func resolve(_ given: String) throws(DumpFailure) -> SpoolInput {
        var path = given
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        var st = stat()
        guard stat(path, &st) == 0 else { throw DumpFailure.cannotOpen(path, errno: errno) }
        if st.st_mode & S_IFMT == S_IFDIR {
            let input = SpoolInput(kind: .directory, path: path, directory: path)
            let listing = try input.listing()
            guard !listing.segments.isEmpty || listing.hasCursor else {
                throw DumpFailure(exitCode: DumpFailure.notASpool,
                                  message: "\(path): not a spool directory (no CURSOR file and no NNNNNNNNNNNNNNNNNNNN.seg segment files)")
            }
            return input
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw DumpFailure(exitCode: DumpFailure.notASpool, message: "\(path): not a spool directory or a segment file")
        }
        let start = try DumpFailure.reading { () throws(SpoolError) in
            try SegmentScanner(path: path, expected: nil).bytes(at: 0, count: SegmentHeader.size)
        }
        // A file named like a segment is read as one however damaged, so that --verify can say
        // what is wrong with it; any other file must at least start with the segment magic.
        guard SegmentName.firstSequence(ofSegment: baseName(path)) != nil || SegmentHeader.hasMagic(start) else {
            throw DumpFailure(exitCode: DumpFailure.notASpool,
                              message: "\(path): not a spool segment (it does not start with \"PGSG\" and is not named NNNNNNNNNNNNNNNNNNNN.seg)")
        }
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        return SpoolInput(kind: .segment, path: path, directory: directory.isEmpty ? "/" : directory)
    }
}

/// The last component of a path.
func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
