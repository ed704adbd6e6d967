/// Splits a byte stream that arrives in pieces of any size into checked frames.
///
/// Feed bytes with `append`, take frames with `next()` until it returns nil, and call `finish()`
/// at end of stream to learn whether a partial frame was left. Limits are checked from the header
/// before the payload is buffered, so a hostile length never causes an allocation. After an error
/// the stream cannot be resynchronised and the decoder must be discarded.
public struct FrameDecoder: Sendable {
    public let limits: Limits
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Stream offset of `buffer[0]`.
    private var bufferBase = 0
    private var pendingHeader: FrameHeader?

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Bytes received but not yet returned as part of a frame.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Stream offset of the next frame to be returned.
    public var streamOffset: Int { bufferBase + readIndex }

    /// Adds received bytes.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes (without the generic path's per-call overhead).
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete, checked frame, or nil when more bytes are needed.
    ///
    /// - Throws: `WireError` with `streamOffset` set to where the bad frame starts.
    public mutating func next() throws(WireError) -> Frame? {
        guard let (header, payloadStart) = try nextInPlace() else { return nil }
        let payload = Array(buffer[payloadStart..<payloadStart + Int(header.payloadLength)])
        return Frame(header: header, payload: payload)
    }

    /// Checks the next complete frame (steps 2–9 of PROTOCOL.md section 3.1) where it lies in
    /// the stream buffer, consumes it, and returns its header and where its payload starts; the
    /// payload stays readable with `withBufferBytes` until the next `append`. Nil when more bytes
    /// are needed.
    ///
    /// - Throws: `WireError` with `streamOffset` set to where the bad frame starts.
    mutating func nextInPlace() throws(WireError) -> (header: FrameHeader, payloadStart: Int)? {
        let frameStart = streamOffset
        do throws(WireError) {
            let header: FrameHeader
            if let pending = pendingHeader {
                header = pending
            } else {
                guard bufferedByteCount >= FrameHeader.size else { return nil }
                let start = readIndex
                header = try buffer.withWireBytes { (raw) throws(WireError) -> FrameHeader in
                    try FrameHeader.parse(UnsafeRawBufferPointer(rebasing: raw[start..<start + FrameHeader.size]), limits: limits)
                }
                pendingHeader = header
            }
            let payloadLength = Int(header.payloadLength)
            guard bufferedByteCount >= FrameHeader.size + payloadLength else { return nil }
            let payloadStart = readIndex + FrameHeader.size
            let crc = buffer.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[payloadStart..<payloadStart + payloadLength])) }
            guard crc == header.payloadCRC else {
                throw WireError(.payloadChecksumMismatch, offset: 24,
                                "payload CRC-32C is 0x\(hex(header.payloadCRC, width: 8)) in the header, the \(payloadLength) payload bytes give 0x\(hex(crc, width: 8))")
            }
            readIndex = payloadStart + payloadLength
            pendingHeader = nil
            return (header, payloadStart)
        } catch {
            var located = error
            located.streamOffset = frameStart
            throw located
        }
    }

    /// Calls `body` with the stream buffer, for reading a payload `nextInPlace` returned.
    func withBufferBytes<R>(_ body: (UnsafeRawBufferPointer) throws(WireError) -> R) throws(WireError) -> R {
        try buffer.withWireBytes(body)
    }

    /// Call at end of stream: throws when a partial frame remains.
    public func finish() throws(WireError) {
        let remaining = bufferedByteCount
        guard remaining > 0 else { return }
        if let header = pendingHeader {
            throw WireError(.truncatedPayload, offset: remaining, streamOffset: streamOffset,
                            "stream ended \(FrameHeader.size + Int(header.payloadLength) - remaining) bytes before the end of a \(header.payloadLength)-byte payload")
        }
        throw WireError(.truncatedHeader, offset: remaining, streamOffset: streamOffset,
                        "stream ended after \(remaining) of \(FrameHeader.size) header bytes")
    }

    /// Buffer capacity kept across frames; a larger buffer (left by a large frame) is given
    /// back once the frame has been consumed, so a long-lived connection holds only what its
    /// current frame needs.
    static let retainedCapacity = 256 * 1024

    /// The stream buffer's capacity in bytes (tests check that it is given back).
    var bufferCapacity: Int { buffer.capacity }

    private mutating func compactIfWorthIt() {
        guard readIndex > 0, readIndex >= buffer.count / 2 || readIndex == buffer.count else { return }
        if buffer.capacity > Self.retainedCapacity {
            buffer = Array(buffer[readIndex...])
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        bufferBase += readIndex
        readIndex = 0
    }
}
