/// Turns a byte stream arriving in pieces of any size into messages.
///
/// Feed bytes with `append`, take messages with `next()` until it returns nil, and call `finish()`
/// at end of stream. Every check of PROTOCOL.md section 3.1 is made, in order; after an error the
/// stream cannot be resynchronised and the decoder must be discarded.
///
/// Payloads are checked and decompressed where they lie in the stream buffer, and the schemas of
/// the BATCH families seen on the stream are remembered (`BatchSchemaCache`), so a connection that
/// receives the same families again skips re-validating their descriptors.
public struct MessageDecoder: Sendable {
    private var frames: FrameDecoder
    private var schemas: BatchSchemaCache

    public init(limits: Limits = .default, schemaCacheCapacity: Int = BatchSchemaCache.defaultCapacity) {
        frames = FrameDecoder(limits: limits)
        schemas = BatchSchemaCache(capacity: schemaCacheCapacity)
    }

    /// The limits every frame and payload is checked against.
    public var limits: Limits { frames.limits }

    /// Bytes received but not yet returned as part of a message.
    public var bufferedByteCount: Int { frames.bufferedByteCount }

    /// The stream buffer's capacity in bytes.
    var bufferCapacity: Int { frames.bufferCapacity }

    /// Stream offset of the next frame.
    public var streamOffset: Int { frames.streamOffset }

    /// Adds received bytes.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        frames.append(bytes)
    }

    /// Adds received bytes (without the generic path's per-call overhead).
    public mutating func append(_ bytes: [UInt8]) {
        frames.append(bytes)
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        frames.append(bytes)
    }

    /// The next complete message, or nil when more bytes are needed.
    ///
    /// - Throws: `WireError` with `streamOffset` set to where the bad frame starts.
    public mutating func next() throws(WireError) -> Message? {
        let frameStart = frames.streamOffset
        guard let (header, payloadStart) = try frames.nextInPlace() else { return nil }
        // Moved out for the call, so the closure does not overlap the access to `frames`.
        var cache = BatchSchemaCache(capacity: 0)
        swap(&cache, &schemas)
        defer { swap(&cache, &schemas) }
        let limits = frames.limits
        do throws(WireError) {
            return try frames.withBufferBytes { (buffer) throws(WireError) -> Message in
                let payload = UnsafeRawBufferPointer(rebasing: buffer[payloadStart..<payloadStart + Int(header.payloadLength)])
                return try Message.decode(header: header, payload: payload, limits: limits, schemas: &cache)
            }
        } catch {
            var located = error
            located.streamOffset = frameStart
            throw located
        }
    }

    /// Call at end of stream: throws `truncatedHeader` or `truncatedPayload` when a partial frame
    /// remains.
    public func finish() throws(WireError) {
        try frames.finish()
    }
}
