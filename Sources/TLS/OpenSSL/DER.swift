import COpenSSL

/// Helpers around OpenSSL's `i2d_*` / `d2i_*` DER codec function pairs.
enum DER {
    /// Serializes with an `i2d_*` function: first asks for the length, then fills a buffer.
    static func encode(
        _ what: String,
        errorCode: TLSError.Code,
        _ i2d: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32
    ) throws -> [UInt8] {
        OpenSSLErrorQueue.clear()
        let length = i2d(nil)
        guard length > 0 else {
            throw TLSError.openSSL(errorCode, "could not encode the \(what) as DER")
        }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d(&cursor)
        }
        guard written == length else {
            throw TLSError.openSSL(errorCode, "could not encode the \(what) as DER")
        }
        return bytes
    }

    /// Parses with a `d2i_*` function and insists that the whole input is consumed, so that
    /// trailing bytes after a valid structure are an error rather than silently ignored. The
    /// length limit is checked before OpenSSL sees (or allocates for) the input.
    static func decode(
        _ bytes: [UInt8],
        what: String,
        errorCode: TLSError.Code,
        maximumLength: Int,
        free: (OpaquePointer) -> Void,
        _ d2i: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?
    ) throws -> OpaquePointer {
        guard !bytes.isEmpty else {
            throw TLSError(errorCode, "the \(what) is empty")
        }
        guard bytes.count <= maximumLength else {
            throw TLSError(
                errorCode, "the \(what) is \(bytes.count) bytes, more than the limit of \(maximumLength)")
        }
        OpenSSLErrorQueue.clear()
        return try bytes.withUnsafeBufferPointer { buffer in
            let start = buffer.baseAddress!
            var cursor: UnsafePointer<UInt8>? = start
            guard let object = d2i(&cursor, buffer.count) else {
                throw TLSError.openSSL(errorCode, "the \(what) is not valid DER")
            }
            let consumed = cursor.map { $0 - start } ?? 0
            guard consumed == buffer.count else {
                free(object)
                throw TLSError(
                    errorCode, "the \(what) is followed by \(buffer.count - consumed) unexpected bytes")
            }
            return object
        }
    }
}
