import NIOCore
import NIOPosix
import TLS
import WireProtocol

/// Opens one TLS connection to the backend and exposes it as an `NIOAsyncChannel` of decoded
/// messages in and frame bytes out.
enum BackendConnection {
    typealias Channel = NIOAsyncChannel<Message, ByteBuffer>

    /// Connects to `address` and starts the TLS handshake; the first write is held until it
    /// completes. Connection errors are mapped to ``ShipperError/Code/unreachable``.
    static func connect(
        to address: BackendAddress, context: TLSContext, serverName: String, group: any EventLoopGroup,
        connectTimeoutMilliseconds: Int
    ) async throws -> Channel {
        let timeout = TimeAmount.milliseconds(Int64(connectTimeoutMilliseconds))
        let handlerConfiguration = OpenSSLHandlerConfiguration(handshakeTimeout: timeout)
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(OpenSSLHandler(context: context, serverName: serverName, configuration: handlerConfiguration))
                        try sync.addHandler(MessageDecodingHandler())
                        return try Channel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as TLSError {
            throw ShipperError(.credentials, "TLS setup for \(address) failed: \(error)")
        } catch {
            throw ShipperError(.unreachable, "cannot connect to the backend at \(address): \(error)")
        }
    }

    /// Maps an error seen on an established channel to what the operator should read.
    static func describe(_ error: any Error, address: BackendAddress) -> ShipperError {
        if let error = error as? ShipperError { return error }
        if let error = error as? TLSError {
            switch error.code {
            case .handshakeFailed where error.isCertificateVerificationFailure:
                return ShipperError(
                    .serverNotTrusted,
                    "the backend at \(address) presented a certificate that is not trusted (wrong CA, host name or expired): \(error)")
            case .handshakeFailed, .handshakeTimeout:
                return ShipperError(.handshakeFailed, "TLS handshake with \(address) failed: \(error)")
            case .uncleanShutdown, .channelClosed:
                return ShipperError(.connectionLost, "the connection to \(address) closed: \(error)")
            default:
                return ShipperError(.connectionLost, "TLS error on the connection to \(address): \(error)")
            }
        }
        return ShipperError(.connectionLost, "the connection to \(address) failed: \(error)")
    }
}

extension Message {
    /// The frame bytes of a control message, in a buffer.
    func buffer(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        let bytes = frame(compress: false).bytes
        var buffer = allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return buffer
    }
}
