import Spool

/// What the spool's `CURSOR` file says, read without taking the spool's lock.
enum CursorReading {
    case present(CursorState)
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

    /// Reads `directory/CURSOR` with the Spool module's read-only `CursorState.read(directory:)`.
    static func read(_ input: SpoolInput) throws(DumpFailure) -> CursorReading {
        guard input.kind == .directory else { return .notRead }
        switch try DumpFailure.reading({ () throws(SpoolError) in try CursorState.read(directory: input.directory) }) {
        case .present(let cursor): return .present(cursor)
        case .missing: return .missing
        case .damaged(let problem):
            return .damaged(Damage(file: CursorState.fileName, offset: problem.offset, code: "cursorCorrupt", problem.detail))
        }
    }
}
