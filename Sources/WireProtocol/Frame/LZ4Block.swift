import CLZ4

/// The LZ4 block format (not the LZ4 frame format), as PROTOCOL.md section 3.2 uses it.
public enum LZ4Block {
    /// LZ4 HC level used by `compress`: LZ4HC_CLEVEL_DEFAULT. Levels 10-12 (the optimal parser)
    /// save about 1 % more on BATCH payloads at several times the CPU.
    public static let compressionLevel: Int32 = 9

    /// Compresses `input` with LZ4 HC, or returns nil when the result would not be smaller.
    ///
    /// LZ4 HC writes the same block format as LZ4's fast mode, 8-10 % smaller on BATCH payloads,
    /// and decompresses as fast; receivers cannot tell the difference. It costs the sender about
    /// 1 ms of CPU per sampling round. With a `dictionary` (PROTOCOL.md section 3.3) the block may
    /// refer to the dictionary's bytes as if they preceded the input; the receiver then needs the
    /// same dictionary.
    public static func compress(_ input: UnsafeRawBufferPointer, dictionary: [UInt8]? = nil) -> [UInt8]? {
        guard input.count > 0, input.count <= Int(LZ4_MAX_INPUT_SIZE) else { return nil }
        let bound = Int(LZ4_compressBound(Int32(input.count)))
        var written: Int32 = 0
        let output = [UInt8](unsafeUninitializedCapacity: bound) { out, initializedCount in
            let source = input.baseAddress!.assumingMemoryBound(to: CChar.self)
            let destination = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: CChar.self)
            if let dictionary {
                written = compressHC(source, Int32(input.count), into: destination, Int32(bound), dictionary: dictionary)
            } else {
                written = LZ4_compress_HC(source, destination, Int32(input.count), Int32(bound), compressionLevel)
            }
            initializedCount = max(0, Int(written))
        }
        guard written > 0, Int(written) < input.count else { return nil }
        return output
    }

    /// LZ4 HC against a preset dictionary: `LZ4_loadDictHC`, then `LZ4_compress_HC_continue`.
    private static func compressHC(
        _ source: UnsafePointer<CChar>, _ count: Int32, into destination: UnsafeMutablePointer<CChar>, _ capacity: Int32,
        dictionary: [UInt8]
    ) -> Int32 {
        guard let stream = LZ4_createStreamHC() else { return 0 }
        defer { LZ4_freeStreamHC(stream) }
        LZ4_resetStreamHC_fast(stream, compressionLevel)
        dictionary.withUnsafeBytes { bytes in
            _ = LZ4_loadDictHC(stream, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
        return LZ4_compress_HC_continue(stream, source, destination, count, capacity)
    }

    /// Decompresses `input` into exactly `rawLength` bytes.
    ///
    /// The caller has already checked `rawLength` against its limit; LZ4's safe decoder never
    /// writes past the buffer, so a lying or hostile block costs at most `rawLength` bytes. The
    /// buffer is not zero-filled first: the result holds only the bytes LZ4 wrote, and anything
    /// short of `rawLength` is an error. A block made against a `dictionary` (flags bit 1) needs
    /// the same dictionary; without it, its references before the block's start fail.
    public static func decompress(_ input: UnsafeRawBufferPointer, rawLength: Int, dictionary: [UInt8]? = nil) throws(WireError) -> [UInt8] {
        guard input.count > 0, input.count <= Int(Int32.max), rawLength <= Int(Int32.max) else {
            throw WireError(.decompressionFailed, offset: FrameHeader.size, "LZ4 block of \(input.count) bytes cannot be decompressed")
        }
        var result: Int32 = 0
        let output = [UInt8](unsafeUninitializedCapacity: rawLength) { buffer, initializedCount in
            let source = input.baseAddress!.assumingMemoryBound(to: CChar.self)
            let destination = UnsafeMutableRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            if let dictionary {
                result = dictionary.withUnsafeBytes { bytes in
                    LZ4_decompress_safe_usingDict(source, destination, Int32(input.count), Int32(rawLength),
                                                  bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
                }
            } else {
                result = LZ4_decompress_safe(source, destination, Int32(input.count), Int32(rawLength))
            }
            initializedCount = max(0, Int(result))
        }
        guard result >= 0 else {
            throw WireError(.decompressionFailed, offset: FrameHeader.size,
                            "LZ4 block is malformed or decompresses past the declared \(rawLength) bytes (error at input byte \(-result - 1))")
        }
        guard Int(result) == rawLength else {
            throw WireError(.decompressedSizeMismatch, offset: 12,
                            "LZ4 block decompressed to \(result) bytes, header declared \(rawLength)")
        }
        return output
    }

    /// Decompresses into `output`, whose size is the most it may produce; returns bytes produced.
    public static func decompress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(WireError) -> Int {
        guard input.count > 0, input.count <= Int(Int32.max), output.count <= Int(Int32.max) else {
            throw WireError(.decompressionFailed, offset: FrameHeader.size, "LZ4 block of \(input.count) bytes cannot be decompressed")
        }
        let result = output.withUnsafeMutableBytes { out in
            LZ4_decompress_safe(
                input.baseAddress!.assumingMemoryBound(to: CChar.self),
                out.baseAddress?.assumingMemoryBound(to: CChar.self),
                Int32(input.count), Int32(out.count))
        }
        guard result >= 0 else {
            throw WireError(.decompressionFailed, offset: FrameHeader.size,
                            "LZ4 block is malformed or decompresses past the declared \(output.count) bytes (error at input byte \(-result - 1))")
        }
        return Int(result)
    }
}
