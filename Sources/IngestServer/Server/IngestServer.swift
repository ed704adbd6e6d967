import Foundation
import Ingest
import Logging
import Metrics
import NIOCore
import NIOPosix
import PostgresClient
import TLS

/// The backend's ingest listener: accepts collectors over mutual TLS, speaks the protocol of
/// PROTOCOL.md section 7 and hands BATCH records to a shared `WriterPool`, acknowledging each
/// sequence only after its transaction committed.
///
/// Each connection's pipeline is `SocketCloser` (closes the socket under TLS when a closing peer
/// stops reading) → `OpenSSLHandler` (TLS over memory BIOs) → `FrameHandler` (incremental
/// decoding under the configured limits) → `ConnectionHandler` (the state machine).
/// Identity comes only from the verified client certificate (its CN is the collector id).
public final class IngestServer: Sendable {
    public let configuration: IngestServerConfiguration
    private let pool: WriterPool
    private let enrolment: EnrolmentHooks?
    private let logger: Logger
    private let metrics: IngestMetrics
    private let registry: ConnectionRegistry
    private let control: ControlConnections
    private let group: any EventLoopGroup
    private let state = LockedState()

    /// - Parameters:
    ///   - pool: where BATCH records are written; the caller shuts it down after `shutdown()`.
    ///   - database: for the control connections (HELLO lookups and bookkeeping).
    ///   - enrolment: REGISTER and RENEW go here; nil refuses them (`registration_refused`).
    public convenience init(configuration: IngestServerConfiguration, pool: WriterPool, database: ConnectionParameters,
                            enrolment: EnrolmentHooks?, logger: Logger) {
        self.init(configuration: configuration, pool: pool, database: database, enrolment: enrolment, logger: logger,
                  metricsFactory: MetricsSystem.factory)
    }

    /// The same, with its instruments made by `metricsFactory` rather than the bootstrapped one.
    public init(configuration: IngestServerConfiguration, pool: WriterPool, database: ConnectionParameters,
                enrolment: EnrolmentHooks?, logger: Logger, metricsFactory: any MetricsFactory) {
        self.configuration = configuration
        self.pool = pool
        self.enrolment = enrolment
        self.logger = logger
        metrics = IngestMetrics(factory: metricsFactory)
        registry = ConnectionRegistry(maxConnections: configuration.maxConnections)
        control = ControlConnections(parameters: database, threads: configuration.controlThreads)
        group = MultiThreadedEventLoopGroup.singleton
    }

    /// Connections held now (refused ones are not counted).
    public var connectionCount: Int { registry.count }

    /// BATCH bytes (as transmitted) received on the open connections and not yet acknowledged:
    /// what the listener holds of collectors' data. Each connection stops reading past
    /// ``IngestServerConfiguration/maxUnacknowledgedBytes``.
    public var unacknowledgedBytes: Int { registry.totalUnacknowledgedBytes }

    /// Binds and starts accepting; returns the bound port.
    ///
    /// - Throws: `IngestServerError` when the configuration, the TLS material or the bind fails.
    public func start() async throws -> Int {
        try configuration.validate()
        guard state.begin() else { throw IngestServerError(.alreadyStarted, "the listener was started before") }
        var tls = configuration.tls
        // Checked at HELLO instead, so that a collector without one can still enrol.
        tls.requireClientCertificate = false
        let context: TLSContext
        do {
            context = try TLSContext(configuration: tls)
        } catch {
            throw IngestServerError(.tlsSetupFailed, "\(error)")
        }
        control.start()
        let shared = ConnectionHandler.Shared(
            pool: pool, control: control, registry: registry, enrolment: enrolment, metrics: metrics,
            logger: logger, idleTimeout: configuration.idleTimeout, closeGrace: configuration.handshakeTimeout)
        let settings = ConnectionStateMachine.Settings(
            maxUnacknowledgedBytes: configuration.maxUnacknowledgedBytes, maxFramePayload: configuration.limits.maxFramePayload,
            pingIntervalMilliseconds: configuration.pingIntervalMilliseconds, enrolmentEnabled: enrolment != nil)
        let handshake = OpenSSLHandlerConfiguration(handshakeTimeout: configuration.handshakeTimeout)
        let limits = configuration.limits
        let registry = self.registry
        let channel: Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let (id, admission) = registry.admit()
                        try channel.pipeline.syncOperations.addHandlers(
                            SocketCloser(),
                            OpenSSLHandler(context: context, configuration: handshake),
                            FrameHandler(limits: limits),
                            ConnectionHandler(shared: shared, connectionID: id, admission: admission, settings: settings))
                    }
                }
                .bind(host: configuration.host, port: configuration.port).get()
        } catch {
            await control.shutdown()
            throw IngestServerError(.bindFailed, "\(configuration.host):\(configuration.port): \(error)")
        }
        state.running(channel)
        let port = channel.localAddress?.port ?? configuration.port
        logger.info("ingest listener started", metadata: ["address": "\(configuration.host):\(port)"])
        return port
    }

    /// Graceful: stops accepting, lets in-flight transactions finish and acknowledges them,
    /// sends ERROR `shutting_down` on every connection, closes them all, then returns.
    public func shutdown() async {
        guard let channel = state.stop() else { return }
        try? await channel.close()
        await registry.shutDownAll(on: channel.eventLoop)
        await control.shutdown()
        logger.info("ingest listener stopped")
    }
}

/// The server channel, behind a lock.
private final class LockedState: @unchecked Sendable {
    private enum State {
        case idle
        case starting
        case running(Channel)
        case stopped
    }

    private let lock = NSLock()
    private var state = State.idle

    func begin() -> Bool {
        lock.withLock {
            guard case .idle = state else { return false }
            state = .starting
            return true
        }
    }

    func running(_ channel: Channel) {
        lock.withLock { state = .running(channel) }
    }

    /// The channel to close, once; nil when not running.
    func stop() -> Channel? {
        lock.withLock {
            defer { state = .stopped }
            if case .running(let channel) = state { return channel }
            return nil
        }
    }
}
