/// The `CURSOR` file, replaced atomically on every change (SPOOL.md section 6).
enum CursorFile {
    static func write(_ state: CursorState, directory: String) throws(SpoolError) {
        try AtomicFile.write(state.encoded, to: directory + "/" + CursorState.fileName, directory: directory)
    }
}
