/// Every message of protocol version 1 (PROTOCOL.md sections 5 and 6).
///
/// `frame(compress:)` encodes a message as a frame; `decode(_:limits:)` turns a checked frame back
/// into a message; `MessageDecoder` does both steps for a byte stream.
public enum Message: Hashable, Sendable {
    case hello(Hello)
    case welcome(Welcome)
    /// A BATCH and its sequence number (≥ 1), which travels in the frame header.
    case batch(sequence: UInt64, Batch)
    case ack(Ack)
    case error(ErrorMessage)
    case ping(Ping)
    case pong(Pong)
    case register(Register)
    case registered(Registered)
    case renew(Renew)
    case goodbye(Goodbye)

    /// The frame type of this message.
    public var type: MessageType {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .batch: .batch
        case .ack: .ack
        case .error: .error
        case .ping: .ping
        case .pong: .pong
        case .register: .register
        case .registered: .registered
        case .renew: .renew
        case .goodbye: .goodbye
        }
    }

    /// The uncompressed payload bytes.
    public var encodedPayload: [UInt8] {
        switch self {
        case .hello(let message): message.encodedPayload
        case .welcome(let message): message.encodedPayload
        case .batch(_, let batch): batch.encodedPayload()
        case .ack(let message): message.encodedPayload
        case .error(let message): message.encodedPayload
        case .ping(let message): message.encodedPayload
        case .pong(let message): message.encodedPayload
        case .register(let message): message.encodedPayload
        case .registered(let message): message.encodedPayload
        case .renew(let message): message.encodedPayload
        case .goodbye(let message): message.encodedPayload
        }
    }

    /// Parses the decompressed payload of a message other than BATCH, consuming it exactly.
    static func decodeControl(_ type: MessageType, _ raw: UnsafeRawBufferPointer, limits: Limits) throws(WireError) -> Message {
        var reader = ByteReader(raw)
        let message: Message
        switch type {
        case .hello: message = .hello(try Hello.decode(&reader, limits: limits))
        case .welcome: message = .welcome(try Welcome.decode(&reader, limits: limits))
        case .ack: message = .ack(try Ack.decode(&reader, limits: limits))
        case .error: message = .error(try ErrorMessage.decode(&reader, limits: limits))
        case .ping: message = .ping(try Ping.decode(&reader, limits: limits))
        case .pong: message = .pong(try Pong.decode(&reader, limits: limits))
        case .register: message = .register(try Register.decode(&reader, limits: limits))
        case .registered: message = .registered(try Registered.decode(&reader, limits: limits))
        case .renew: message = .renew(try Renew.decode(&reader, limits: limits))
        case .goodbye: message = .goodbye(try Goodbye.decode(&reader, limits: limits))
        case .batch: preconditionFailure("BATCH is decoded by Batch.decode")
        }
        try reader.expectEnd(WireField(formatted: "\(type) payload"))
        return message
    }
}
