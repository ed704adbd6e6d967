import Glibc

/// What a spool directory's `CURSOR` file holds, read without the lock (`CursorState.read`).
public enum CursorFileState: Hashable, Sendable {
    /// The cursor passed its checks.
    case present(CursorState)
    /// There is no cursor file.
    case missing
    /// The cursor file fails its checks.
    case damaged(CursorProblem)
}

extension CursorState {
    /// Reads `directory/CURSOR` read-only: it takes no lock, opens the file `O_RDONLY` and never
    /// repairs it (recovery resets a damaged cursor when the spool is opened).
    /// - Throws: `io` when the file exists but cannot be opened or read.
    public static func read(directory: String) throws(SpoolError) -> CursorFileState {
        let file: SpoolFile
        do {
            file = try SpoolFile.open(directory + "/" + fileName, flags: O_RDONLY)
        } catch where error.errno == ENOENT {
            return .missing
        }
        switch parse(try file.read(count: size + 1, at: 0)) {
        case .success(let state): return .present(state)
        case .failure(let problem): return .damaged(problem)
        }
    }
}
