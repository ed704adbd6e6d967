import WireProtocol

/// The fuzz entry points, one per decoder entry point plus a round trip.
///
/// Each takes arbitrary bytes and must return normally: a `WireError` is the expected outcome of
/// bad input, and anything else (a trap, a failed round trip) is a bug the fuzzer reports. The
/// libFuzzer executables in `Fuzz/` and the corpus replay test call these same functions.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Bytes as a stream, fed to `MessageDecoder` in splits chosen by the input itself.
    case stream = "FuzzStream"
    /// Bytes as one message payload of every type, wrapped in a frame with valid checksums so the
    /// fuzzer reaches the payload parsers instead of stopping at the CRC.
    case payload = "FuzzPayload"
    /// Bytes as a BATCH payload, then every value and COPY field of a batch that decodes.
    case batch = "FuzzBatch"
    /// Bytes that decode as a message must encode to a frame that decodes to the same message.
    case roundTrip = "FuzzRoundTrip"

    /// Runs the target on one input.
    public func run(_ data: UnsafeRawBufferPointer) {
        switch self {
        case .stream: FuzzHarness.stream(data)
        case .payload: FuzzHarness.payload(data)
        case .batch: FuzzHarness.batch(data)
        case .roundTrip: FuzzHarness.roundTrip(data)
        }
    }

    /// Runs the target on one input.
    public func run(_ data: [UInt8]) {
        data.withUnsafeBytes { run($0) }
    }
}

/// Small limits so that inputs of fuzzer size reach the limit checks too.
let fuzzLimits = Limits(
    maxFramePayload: 64 << 10, maxDecompressedPayload: 256 << 10, maxRows: 512, maxColumns: 32,
    maxValueBytes: 4096, maxString16Bytes: 512, maxCertificateBytes: 2048, maxCertificates: 4)

/// `fuzzLimits` with room for a message re-encoded without compression.
let roundTripLimits: Limits = {
    var limits = fuzzLimits
    limits.maxFramePayload = limits.maxDecompressedPayload
    return limits
}()
