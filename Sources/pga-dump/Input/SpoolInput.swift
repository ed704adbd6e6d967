import Glibc

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

    /// Full paths of the segment files to read, in sequence order.
    func segmentPaths() throws(DumpFailure) -> [String] {
        switch kind {
        case .segment: return [path]
        case .directory:
            return try Self.list(directory).filter { SegmentFileName.firstSequence($0) != nil }.sorted().map { directory + "/" + $0 }
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
            let names = try list(path)
            let isSpool = names.contains { SegmentFileName.firstSequence($0) != nil || $0 == CursorFileContents.fileName }
            guard isSpool else {
                throw DumpFailure(exitCode: DumpFailure.notASpool,
                                  message: "\(path): not a spool directory (no CURSOR file and no NNNNNNNNNNNNNNNNNNNN.seg segment files)")
            }
            return SpoolInput(kind: .directory, path: path, directory: path)
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw DumpFailure(exitCode: DumpFailure.notASpool, message: "\(path): not a spool directory or a segment file")
        }
        let file = try ReadOnlyFile(path)
        let start = try file.read(count: SegmentFileHeader.size, at: 0)
        let name = SegmentFileName.baseName(path)
        // A file named like a segment is read as one however damaged, so that --verify can say
        // what is wrong with it; any other file must at least start with the segment magic.
        guard SegmentFileName.firstSequence(name) != nil || SegmentFileHeader.hasMagic(start) else {
            throw DumpFailure(exitCode: DumpFailure.notASpool,
                              message: "\(path): not a spool segment (it does not start with \"PGSG\" and is not named NNNNNNNNNNNNNNNNNNNN.seg)")
        }
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        return SpoolInput(kind: .segment, path: path, directory: directory.isEmpty ? "/" : directory)
    }

    /// Names in a directory, without `.` and `..`.
    static func list(_ directory: String) throws(DumpFailure) -> [String] {
        guard let dir = opendir(directory) else { throw DumpFailure.cannotOpen(directory, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Size of a file, or nil when it cannot be stat'ed.
    static func fileSize(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_size)
    }
}
