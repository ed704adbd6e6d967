import WireProtocol

extension SegmentScanner {
    /// Moves to `offset`, for a caller that knows where the next record starts, or that wants
    /// the walk to end there (`size`).
    public mutating func skip(to offset: Int64) {
        self.offset = offset
    }

    /// The end of the run of zero bytes that starts at `start`: the first non-zero byte, or `size`.
    public func zeroRunEnd(from start: Int64, size: Int64) throws(SpoolError) -> Int64 {
        var end = start
        while end < size {
            let chunk = Int(min(size - end, 1 << 16))
            let (count, firstNonZero) = try reader.withBytes(at: end, count: chunk, limit: size) { raw in
                (raw.count, raw.firstIndex(where: { $0 != 0 }))
            }
            if let firstNonZero { return end + Int64(firstNonZero) }
            guard count > 0 else { return size }
            end += Int64(count)
        }
        return end
    }

    /// Moves to the first intact record header after `start` that carries a sequence at or above
    /// `expected` (or 1) and whose record fits within `size`, so that one damaged header does not
    /// hide the rest of a segment. Without one, moves to `size`.
    /// - Returns: whether such a header was found.
    public mutating func resynchronize(after start: Int64, size: Int64) throws(SpoolError) -> Bool {
        let window = 1 << 20
        let lowest = expected ?? 1
        let limits = limits
        var at = start + 1
        while at + Int64(FrameHeader.size) <= size {
            let base = at
            let (found, scanned) = try reader.withBytes(at: at, count: Int(min(size - at, Int64(window + FrameHeader.size))), limit: size) {
                (raw) -> (Int64?, Int) in
                let lastCandidate = raw.count - FrameHeader.size
                var i = 0
                while i <= lastCandidate {
                    if raw[i] == 0x50, raw[i + 1] == 0x41,
                       let header = try? FrameHeader.parse(UnsafeRawBufferPointer(rebasing: raw[i..<i + FrameHeader.size]), limits: limits),
                       header.sequence >= lowest, base + Int64(i) + Int64(header.frameLength) <= size {
                        return (base + Int64(i), i)
                    }
                    i += 1
                }
                return (nil, lastCandidate + 1)
            }
            if let found {
                offset = found
                return true
            }
            guard scanned > 0 else { break }
            at += Int64(scanned)
        }
        offset = size
        return false
    }
}
