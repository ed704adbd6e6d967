import NIOCore

/// Plaintext written before the TLS handshake completed, with which of it was flushed.
struct HeldWrites {
    struct Write {
        var buffer: ByteBuffer
        var promise: EventLoopPromise<Void>?
    }

    private var writes: [Write] = []
    private var flushedCount = 0
    /// The total plaintext held, in bytes.
    private(set) var bytes = 0

    mutating func append(_ buffer: ByteBuffer, promise: EventLoopPromise<Void>?) {
        writes.append(Write(buffer: buffer, promise: promise))
        bytes += buffer.readableBytes
    }

    /// Everything appended so far is to be flushed once it can be sent.
    mutating func markFlushed() {
        flushedCount = writes.count
    }

    /// Removes every write, split into those that were flushed and those that were not.
    mutating func takeAll() -> (flushed: ArraySlice<Write>, unflushed: ArraySlice<Write>) {
        let all = writes
        let split = flushedCount
        writes = []
        flushedCount = 0
        bytes = 0
        return (all[..<split], all[split...])
    }
}
