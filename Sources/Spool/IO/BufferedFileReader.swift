/// Reads a file in large chunks and hands out views of byte ranges, so that walking many small
/// records costs few system calls.
///
/// Every read is clamped to a caller-given limit: bytes past it may still be being written, and a
/// buffer must never keep such bytes, or a tailing reader would see them stale later.
final class BufferedFileReader {
    let file: SpoolFile
    private var buffer: [UInt8]
    private var bufferStart: Int64 = 0
    private var bufferCount = 0
    private let chunk: Int

    init(file: SpoolFile, chunk: Int = 1 << 20) {
        self.file = file
        self.chunk = chunk
        self.buffer = [UInt8](repeating: 0, count: chunk)
    }

    /// Calls `body` with exactly `count` bytes at `offset`, or with fewer when the file or `limit`
    /// ends first.
    func withBytes<T>(at offset: Int64, count: Int, limit: Int64,
                      _ body: (UnsafeRawBufferPointer) throws(SpoolError) -> T) throws(SpoolError) -> T {
        let wanted = Int(max(0, min(Int64(count), limit - offset)))
        if offset < bufferStart || offset + Int64(wanted) > bufferStart + Int64(bufferCount) {
            try fill(at: offset, wanted: wanted, limit: limit)
        }
        let start = Int(offset - bufferStart)
        let available = min(wanted, bufferCount - start)
        return try buffer.withUnsafeBytes { raw in
            Result { () throws(SpoolError) -> T in try body(UnsafeRawBufferPointer(rebasing: raw[start..<start + available])) }
        }.get()
    }

    private func fill(at offset: Int64, wanted: Int, limit: Int64) throws(SpoolError) {
        let size = max(wanted, chunk)
        if buffer.count < size { buffer = [UInt8](repeating: 0, count: size) }
        let toRead = Int(max(0, min(Int64(size), limit - offset)))
        bufferStart = offset
        bufferCount = 0
        bufferCount = try buffer.withUnsafeMutableBytes { raw in
            Result { () throws(SpoolError) -> Int in try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<toRead]), at: offset) }
        }.get()
    }

    /// Forgets buffered bytes, for when the file was truncated.
    func invalidate() {
        bufferStart = 0
        bufferCount = 0
    }
}
