/// Turns a byte stream arriving in pieces of any size into messages.
///
/// Feed bytes with `append`, take messages with `next()` until it returns nil, and call `finish()`
/// at end of stream. Every check of PROTOCOL.md section 3.1 is made, in order; after an error the
/// stream cannot be resynchronised and the decoder must be discarded.
public struct MessageDecoder: Sendable {
    private var frames: FrameDecoder

    public init(limits: Limits = .default) {
        frames = FrameDecoder(limits: limits)
    }

    /// The limits every frame and payload is checked against.
    public var limits: Limits { frames.limits }

    /// Bytes received but not yet returned as part of a message.
    public var bufferedByteCount: Int { frames.bufferedByteCount }

    /// Stream offset of the next frame.
    public var streamOffset: Int { frames.streamOffset }

    /// Adds received bytes.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
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
        guard let frame = try frames.next() else { return nil }
        do throws(WireError) {
            return try Message.decode(frame, limits: frames.limits)
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
