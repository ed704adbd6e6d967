import SampleBatches
import WireProtocol

/// Random mutations of valid frames (deterministic for a seed): bit flips, truncations,
/// length-field edits, splices and header edits, some with the checksums made right again so
/// that the damage reaches the payload parser. Only mutations the reference decoder refuses (or
/// that stop inside a frame) are kept: a mutation that happens to decode as a valid message is
/// drawn again, so no kept case may ever be stored.
public struct FrameMutator: Sendable {
    /// The kinds of mutation, in the order they are drawn.
    public static let kinds = ["bit_flip", "payload_bit_flip", "truncation", "payload_truncation", "length_edit",
                               "payload_field_edit", "splice", "header_edit"]

    struct Base {
        let bytes: [UInt8]
        let header: FrameHeader
        let raw: [UInt8]
    }

    private let bases: [Base]

    /// - Parameter frames: valid frames to mutate (one frame each).
    public init(frames: [[UInt8]]) {
        bases = frames.map { bytes in
            guard let frame = try? Frame.parse(bytes), let raw = try? frame.rawPayload() else {
                preconditionFailure("FrameMutator needs valid frames")
            }
            return Base(bytes: bytes, header: frame.header, raw: raw)
        }
    }

    /// The BATCH frames of a round (compressed, and uncompressed) and the control messages.
    public static func standardFrames(_ round: RoundFrames) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        for (index, part) in round.parts.enumerated() {
            frames.append(part.frame(sequence: UInt64(index + 1)))
            frames.append(Message.batch(sequence: UInt64(index + 1), part.batch).frame(compress: false).bytes)
        }
        let controls: [Message] = [
            .ping(Ping(nonce: 42)), .pong(Pong(nonce: 42)), .ack(Ack(committedThrough: 7)), .goodbye(Goodbye(message: "bye")),
            .hello(Hello(firstUnacknowledged: 1, lastWritten: 9, software: "ingest-load", hostname: "hostile.load.invalid")),
        ]
        frames += controls.map { $0.frame().bytes }
        return frames
    }

    /// `count` hostile cases, with how many drawn mutations were valid and were drawn again.
    public func cases(count: Int, seed: UInt64) -> (cases: [HostileCase], redrawn: Int) {
        var random = SeededRandom(seed: seed)
        var cases: [HostileCase] = []
        var redrawn = 0
        cases.reserveCapacity(count)
        while cases.count < count {
            let kind = Self.kinds[cases.count % Self.kinds.count]
            let base = bases[Int(random.next() % UInt64(bases.count))]
            let bytes = mutate(base, kind: kind, random: &random)
            guard let expectation = HostileCase.expectation(for: bytes) else {
                redrawn += 1
                continue
            }
            cases.append(HostileCase(name: "\(kind)#\(cases.count)", kind: kind, bytes: bytes, expectation: expectation))
        }
        return (cases, redrawn)
    }

    private func mutate(_ base: Base, kind: String, random: inout SeededRandom) -> [UInt8] {
        switch kind {
        case "bit_flip":
            return flipBits(base.bytes, random: &random)
        case "payload_bit_flip":
            return reframe(base, raw: flipBits(base.raw, random: &random), random: &random)
        case "truncation":
            return Array(base.bytes.prefix(Int(random.next() % UInt64(base.bytes.count))))
        case "payload_truncation":
            return reframe(base, raw: Array(base.raw.prefix(Int(random.next() % UInt64(max(1, base.raw.count))))), random: &random)
        case "length_edit":
            var header = base.header
            let value = boundary(around: random.next() % 2 == 0 ? header.payloadLength : header.rawLength, random: &random)
            if random.next() % 2 == 0 { header.payloadLength = value } else { header.rawLength = value }
            var bytes = base.bytes
            if random.next() % 4 == 0 {
                // The length changed, the header checksum not.
                writeUInt32(value, at: random.next() % 2 == 0 ? 8 : 12, in: &bytes)
                return bytes
            }
            return header.encoded + Array(base.bytes.dropFirst(FrameHeader.size))
        case "payload_field_edit":
            var raw = base.raw
            guard raw.count >= 4 else { return flipBits(base.bytes, random: &random) }
            let offset = Int(random.next() % UInt64(raw.count - 3))
            let width = [1, 2, 4][Int(random.next() % 3)]
            let value = boundary(around: 0, random: &random)
            for byte in 0..<width { raw[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(width - 1 - byte))) }
            return reframe(base, raw: raw, random: &random)
        case "splice":
            let other = bases[Int(random.next() % UInt64(bases.count))]
            if random.next() % 2 == 0 {
                let cut = Int(random.next() % UInt64(base.bytes.count + 1))
                let from = Int(random.next() % UInt64(other.bytes.count + 1))
                return Array(base.bytes.prefix(cut)) + Array(other.bytes.dropFirst(from))
            }
            // One frame's header (lengths, type, flags) around another frame's payload, checksums right.
            var header = base.header
            let payload = Array(other.bytes.dropFirst(FrameHeader.size))
            header.payloadCRC = CRC32C.checksum(payload)
            if random.next() % 2 == 0 { header.payloadLength = UInt32(payload.count) }
            return header.encoded + payload
        default: // header_edit
            var header = base.header
            switch random.next() % 4 {
            case 0: header.rawType = UInt8(truncatingIfNeeded: random.next())
            case 1: header.flags = UInt8(truncatingIfNeeded: random.next())
            case 2: header.version = UInt8(truncatingIfNeeded: random.next())
            default: header.sequence = [0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, .max][Int(random.next() % 5)]
            }
            return header.encoded + Array(base.bytes.dropFirst(FrameHeader.size))
        }
    }

    /// `raw` as the base frame's payload, compressed or not, with right lengths and checksums.
    private func reframe(_ base: Base, raw: [UInt8], random: inout SeededRandom) -> [UInt8] {
        let compress = base.header.isCompressed && random.next() % 4 == 0
        return Frame.make(rawType: base.header.rawType, sequence: base.header.sequence, rawPayload: raw,
                          compress: compress, dictionary: compress && base.header.usesDictionary).bytes
    }

    private func flipBits(_ bytes: [UInt8], random: inout SeededRandom) -> [UInt8] {
        guard !bytes.isEmpty else { return [0] }
        var bytes = bytes
        for _ in 0...(random.next() % 4) {
            let bit = Int(random.next() % UInt64(bytes.count * 8))
            bytes[bit / 8] ^= UInt8(1 << (bit % 8))
        }
        return bytes
    }

    /// 0, 1, the value ± 1, a power of two, or the maximum: where length checks go wrong.
    private func boundary(around value: UInt32, random: inout SeededRandom) -> UInt32 {
        switch random.next() % 7 {
        case 0: return 0
        case 1: return 1
        case 2: return value &+ 1
        case 3: return value &- 1
        case 4: return 1 << UInt32(random.next() % 32)
        case 5: return .max
        default: return UInt32(truncatingIfNeeded: random.next())
        }
    }

    private func writeUInt32(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for byte in 0..<4 { bytes[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(3 - byte))) }
    }
}
