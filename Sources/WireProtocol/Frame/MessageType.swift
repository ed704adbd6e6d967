/// The type byte of a frame (PROTOCOL.md section 5).
public enum MessageType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case hello = 0x01
    case welcome = 0x02
    case batch = 0x03
    case ack = 0x04
    case error = 0x05
    case ping = 0x06
    case pong = 0x07
    case register = 0x08
    case registered = 0x09
    case renew = 0x0A
    case goodbye = 0x0B

    public var description: String {
        switch self {
        case .hello: "HELLO"
        case .welcome: "WELCOME"
        case .batch: "BATCH"
        case .ack: "ACK"
        case .error: "ERROR"
        case .ping: "PING"
        case .pong: "PONG"
        case .register: "REGISTER"
        case .registered: "REGISTERED"
        case .renew: "RENEW"
        case .goodbye: "GOODBYE"
        }
    }
}
