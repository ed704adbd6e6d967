import Glibc

/// What the spool's `CURSOR` file says, read without taking the spool's lock.
enum CursorReading {
    case present(CursorFileContents)
    /// No cursor file: nothing was ever acknowledged (or it was deleted).
    case missing
    case damaged(Damage)
    /// PATH is a single segment; the cursor is not looked at.
    case notRead

    /// The acknowledged sequence, when the cursor could be read.
    var acknowledged: UInt64? {
        if case .present(let cursor) = self { return cursor.acknowledged }
        return nil
    }

    /// Reads `directory/CURSOR`.
    static func read(_ input: SpoolInput) throws(DumpFailure) -> CursorReading {
        guard input.kind == .directory else { return .notRead }
        let path = input.directory + "/" + CursorFileContents.fileName
        guard access(path, F_OK) == 0 else { return .missing }
        let bytes = try ReadOnlyFile(path).read(count: CursorFileContents.size + 1, at: 0)
        switch CursorFileContents.parse(bytes) {
        case .success(let cursor): return .present(cursor)
        case .failure(let problem):
            return .damaged(Damage(file: CursorFileContents.fileName, offset: problem.offset, code: "cursorCorrupt", problem.detail))
        }
    }
}
