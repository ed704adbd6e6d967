import NIOCore

extension TLSEngine {
    /// Hands the readable bytes of `buffer` (ciphertext from the network) to the engine.
    func feedCiphertext(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { try feedCiphertext($0) }
    }

    /// Encrypts the readable bytes of `buffer`.
    func writePlaintext(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { try writePlaintext($0) }
    }

    /// All pending ciphertext in one buffer, or nil if there is none.
    func drainCiphertext(allocator: ByteBufferAllocator) -> ByteBuffer? {
        let pending = pendingCiphertextCount
        guard pending > 0 else { return nil }
        var buffer = allocator.buffer(capacity: pending)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { drainCiphertext(into: $0) }
        return buffer
    }

    /// Decrypts every complete buffered record into one buffer. The amount is bounded by the
    /// ciphertext fed, which is one socket read.
    func readPlaintext(allocator: ByteBufferAllocator) throws -> (plaintext: ByteBuffer?, closed: Bool) {
        let recordSize = 16 * 1024
        var buffer = allocator.buffer(capacity: 0)
        while true {
            var result = ReadResult.wantsMoreData
            var failure: Error?
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: recordSize) { destination in
                do {
                    result = try readPlaintext(into: destination)
                } catch {
                    failure = error
                }
                if case .bytes(let count) = result { return count }
                return 0
            }
            if let failure { throw failure }
            switch result {
            case .bytes:
                continue
            case .wantsMoreData:
                return (buffer.readableBytes > 0 ? buffer : nil, false)
            case .closed:
                return (buffer.readableBytes > 0 ? buffer : nil, true)
            }
        }
    }
}
