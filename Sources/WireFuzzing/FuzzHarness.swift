import WireProtocol

enum FuzzHarness {
    static func stream(_ data: UnsafeRawBufferPointer) {
        guard let first = data.first else { return }
        // The first byte picks the split size, so the corpus explores every way bytes can arrive.
        let step = Int(first % 17) + 1
        let bytes = UnsafeRawBufferPointer(rebasing: data.dropFirst())
        var decoder = MessageDecoder(limits: fuzzLimits)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + step)
            decoder.append(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end
            do {
                while let message = try decoder.next() { check(message) }
            } catch {
                return
            }
        }
        _ = try? decoder.finish()
    }

    static func payload(_ data: UnsafeRawBufferPointer) {
        guard let first = data.first else { return }
        let types = MessageType.allCases
        let type = types[Int(first) % types.count]
        let payload = Array(data.dropFirst())
        let frame = Frame.make(type: type, sequence: type == .batch ? 1 : 0, rawPayload: payload, compress: first & 0x80 != 0)
        if let message = try? Message.decode(frame, limits: fuzzLimits) { check(message) }
    }

    static func batch(_ data: UnsafeRawBufferPointer) {
        guard let batch = try? Batch.decode(Array(data), limits: fuzzLimits) else { return }
        for row in 0..<batch.rowCount {
            for column in 0..<batch.columns.count {
                _ = batch.value(row: row, column: column)
                batch.withCopyField(row: row, column: column) { _ in }
            }
        }
        roundTripBatch(batch)
    }

    static func roundTrip(_ data: UnsafeRawBufferPointer) {
        guard let frame = try? Frame.parse(Array(data), limits: fuzzLimits),
              let message = try? Message.decode(frame, limits: fuzzLimits) else {
            // Also try the bytes as a payload of each type, so the round trip sees real messages.
            payloadRoundTrip(data)
            return
        }
        check(message)
    }

    private static func payloadRoundTrip(_ data: UnsafeRawBufferPointer) {
        guard let first = data.first else { return }
        let type = MessageType.allCases[Int(first) % MessageType.allCases.count]
        let frame = Frame.make(type: type, sequence: type == .batch ? 1 : 0, rawPayload: Array(data.dropFirst()), compress: false)
        if let message = try? Message.decode(frame, limits: fuzzLimits) { check(message) }
    }

    /// Re-encodes a decoded message, compressed and not, and insists it decodes to itself.
    static func check(_ message: Message) {
        for compress in [false, true] {
            let frame = message.frame(compress: compress)
            let again: Message
            do {
                // An uncompressed re-encoding may exceed the fuzz frame limit that its compressed
                // original met; the decompressed limit still bounds it.
                again = try Message.decode(try Frame.parse(frame.bytes, limits: roundTripLimits), limits: roundTripLimits)
            } catch {
                fatalError("re-encoded \(message.type) does not decode: \(error)")
            }
            guard again == message else { fatalError("round trip changed a \(message.type)") }
        }
        if case .batch(_, let batch) = message { roundTripBatch(batch) }
    }

    /// A batch rebuilt from its values must encode to a payload that decodes to the same batch.
    static func roundTripBatch(_ batch: Batch) {
        let rebuilt: Batch
        do {
            rebuilt = try Batch(family: batch.family, sampledAt: batch.sampledAt, columns: batch.columns, rows: batch.rows)
        } catch {
            fatalError("a decoded batch's values are refused by the encoder: \(error)")
        }
        guard rebuilt == batch else { fatalError("rebuilding a batch from its values changed it") }
        guard let decoded = try? Batch.decode(rebuilt.encodedPayload(), limits: fuzzLimits), decoded == batch else {
            fatalError("an encoded batch does not decode to itself")
        }
    }
}
