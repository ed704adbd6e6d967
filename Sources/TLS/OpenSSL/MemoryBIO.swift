import COpenSSL

/// An owned OpenSSL memory BIO, used to hand bytes to and take bytes from the PEM and DER
/// codecs. Freed exactly once, in `deinit`.
final class MemoryBIO {
    let pointer: OpaquePointer

    /// An empty, writable memory BIO.
    init() throws {
        OpenSSLErrorQueue.clear()
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw TLSError.openSSL(.internalError, "BIO_new(BIO_s_mem) failed")
        }
        pointer = bio
    }

    /// A memory BIO holding a copy of `bytes`, ready to be read.
    convenience init(bytes: some Collection<UInt8>) throws {
        try self.init()
        let copy = Array(bytes)
        var offset = 0
        while offset < copy.count {
            let chunk = min(copy.count - offset, Int(Int32.max))
            let written = copy.withUnsafeBytes { raw in
                BIO_write(pointer, raw.baseAddress! + offset, Int32(chunk))
            }
            guard written > 0 else {
                throw TLSError.openSSL(.internalError, "BIO_write to a memory BIO failed")
            }
            offset += Int(written)
        }
    }

    deinit {
        BIO_free(pointer)
    }

    /// Everything written to the BIO so far, as bytes.
    func contents() -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let length = pga_BIO_get_mem_data(pointer, &data)
        guard length > 0, let data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) { start in
            Array(UnsafeBufferPointer(start: start, count: length))
        }
    }

    /// Everything written to the BIO so far, as a string (PEM is ASCII).
    func string() -> String {
        String(decoding: contents(), as: UTF8.self)
    }
}
