#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Spool
import TLS

/// Ships the spool to the backend: the collector's side of PROTOCOL.md section 7.
///
/// `run()` connects over mutual TLS, says HELLO, resumes after the sequence WELCOME reports
/// committed (records at or below it are acknowledged locally, never sent), sends the spool's
/// frames byte for byte (DESIGN.md invariant 3) pipelined within a window, and advances the spool
/// cursor only on ACK, which deletes fully acknowledged segments (invariant 1). Any failure ends
/// the connection; the shipper reconnects after an exponential backoff with full jitter, slowly
/// when only an operator can help (revoked, unknown collector). When the client certificate
/// nears its end (``RenewalPolicy``) it is renewed over the same mTLS listener first.
///
/// Shipping never delays sampling: it runs in its own task, spool reads and cursor writes on its
/// own threads, and the network on the event loop group.
public final class Shipper: Sendable {
    /// Gives the spool in use now; the collector reopens it on a reload. Nil while there is none.
    public typealias SpoolProvider = @Sendable () -> Spool?

    public let configuration: ShipperConfiguration
    private let spoolProvider: SpoolProvider
    private let group: any EventLoopGroup
    private let logger: Logger
    private let statusBox: NIOLockedValueBox<ShipperStatus>
    private let notices = NoticeLog()
    private let renewalRetryAfter = NIOLockedValueBox<UInt64?>(nil)

    /// How long a failed renewal waits before it is tried again (the certificate keeps working).
    public static let renewalRetryMilliseconds = 3_600_000

    public init(
        configuration: ShipperConfiguration, spool: @escaping SpoolProvider, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.spoolProvider = spool
        self.group = group
        self.logger = logger
        self.statusBox = NIOLockedValueBox(ShipperStatus(backend: configuration.backend.description))
    }

    /// The shipper's state now, with the spool's backlog.
    public var status: ShipperStatus {
        var status = statusBox.withLockedValue { $0 }
        if let spool = spoolProvider() {
            let stats = spool.stats
            status.backlogRecords = stats.lastSequence > stats.acknowledged ? stats.lastSequence - stats.acknowledged : 0
            status.backlogBytes = stats.diskBytes
        }
        return status
    }

    /// Ships until the task is cancelled; then says GOODBYE and returns.
    public func run() async {
        // One thread reads the spool while the other writes the cursor (ACKs), so neither waits
        // for the other's I/O.
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        defer { threadPool.shutdownGracefully { _ in } }
        var backoff = Backoff(baseMilliseconds: configuration.backoffBaseMilliseconds, capMilliseconds: configuration.backoffCapMilliseconds)
        while !Task.isCancelled {
            let outcome = await connectOnce(threadPool: threadPool)
            let delay: Int
            switch outcome {
            case .stopped:
                return
            case .renewed:
                backoff.reset()
                continue
            case .renewalFailed(let error):
                logger.warning("certificate renewal failed; shipping with the current certificate", metadata: [
                    "error": "\(error)", "retry_in_ms": "\(Self.renewalRetryMilliseconds)",
                ])
                renewalRetryAfter.withLockedValue { $0 = Clock.now + UInt64(Self.renewalRetryMilliseconds) * 1_000_000 }
                continue
            case .closed(let error, let welcomed, let slow):
                if welcomed { backoff.reset() }
                if slow {
                    let base = configuration.refusedRetryMilliseconds
                    delay = base / 2 + Int.random(in: 0...max(1, base / 2))
                } else {
                    delay = backoff.nextDelay()
                }
                statusBox.withLockedValue { $0.lastError = NoticeLog.text(of: error) }
                notices.failure(error, retryInMilliseconds: delay, logger: logger)
            }
            do {
                try await Task.sleep(for: .milliseconds(delay))
            } catch {
                return
            }
        }
    }

    private func connectOnce(threadPool: NIOThreadPool) async -> SessionOutcome {
        guard let spool = spoolProvider() else {
            return .closed(ShipperError(.spool, "no spool is open"), welcomed: false, slow: false)
        }
        let credentials: Credentials
        let context: TLSContext
        do {
            credentials = try Credentials.load(configuration.credentials)
            context = try TLSContext(configuration: credentials.tlsConfiguration(
                serverName: configuration.serverName ?? configuration.backend.host, verifyServerName: configuration.verifyServerName))
        } catch let error as ShipperError {
            return .closed(error, welcomed: false, slow: false)
        } catch {
            return .closed(ShipperError(.credentials, "the TLS configuration is unusable: \(error)"), welcomed: false, slow: false)
        }
        let leaf = credentials.certificate
        statusBox.withLockedValue { $0.certificateNotAfter = leaf.notAfter }
        if leaf.notAfter <= Self.unixNow() {
            // The backend would refuse the handshake with a bare alert; say what to do instead.
            return .closed(
                ShipperError(.credentials, "the collector certificate \(configuration.credentials.certificate) expired (not after \(leaf.notAfter), Unix time); register again with `pganalytics register --force`"),
                welcomed: false, slow: true)
        }
        let channel: BackendConnection.Channel
        do {
            channel = try await BackendConnection.connect(
                to: configuration.backend, context: context, serverName: configuration.serverName ?? configuration.backend.host,
                group: group, connectTimeoutMilliseconds: configuration.connectTimeoutMilliseconds)
        } catch let error as ShipperError {
            return .closed(error, welcomed: false, slow: false)
        } catch {
            return .closed(BackendConnection.describe(error, address: configuration.backend), welcomed: false, slow: false)
        }
        let renewalKey = renewalDue(leaf) ? try? PrivateKey.generateP256() : nil
        if renewalKey != nil {
            logger.info("renewing the client certificate", metadata: [
                "not_before": "\(leaf.notBefore)", "not_after": "\(leaf.notAfter)", "serial": "\(leaf.serialNumberHex)",
            ])
        }
        return await ShippingSession.run(
            channel: channel, renewalKey: renewalKey, configuration: configuration, spool: spool, threadPool: threadPool,
            logger: logger, status: statusBox, notices: notices)
    }

    private func renewalDue(_ certificate: Certificate) -> Bool {
        if let after = renewalRetryAfter.withLockedValue({ $0 }), Clock.now < after { return false }
        return configuration.renewal.isDue(notBefore: certificate.notBefore, notAfter: certificate.notAfter, now: Self.unixNow())
    }

    private static func unixNow() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }
}
