import Ingest
import Logging
import Metrics
import PostgresClient
import TLS
import WireProtocol

/// Answers REGISTER and RENEW (PROTOCOL.md sections 6.7 to 6.9): checks the registration secret
/// in constant time, rate-limits attempts, verifies the CSR and signs it with the backend's CA,
/// and records the collector in `pganalytics.collectors`.
///
/// Its two methods have the shape of the ingest listener's enrolment hooks. Every refusal is an
/// ERROR whose message says why; the private key never reaches the backend, only the CSR.
public final class Registrar: Sendable {
    public let configuration: RegistrarConfiguration
    private let authority: CertificateAuthority
    private let caCertificateDER: [UInt8]
    private let database: DatabaseExecutor
    private let peerLimiter: RateLimiter
    private let renewLimiter: RateLimiter
    private let logger: Logger
    private let store = CollectorStore()

    /// How often a fresh collector id is drawn when the first one is taken.
    static let idAttempts = 4

    public init(configuration: RegistrarConfiguration, authority: CertificateAuthority, database: DatabaseExecutor,
                logger: Logger = Logger(label: "pganalytics.registration"),
                clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) throws {
        self.configuration = configuration
        self.authority = authority
        self.caCertificateDER = try authority.certificate.derBytes()
        self.database = database
        self.peerLimiter = RateLimiter(perKey: configuration.perPeerLimit, global: configuration.globalLimit, clock: clock)
        // Renewals come over mTLS from known collectors: only a per-collector limit matters.
        self.renewLimiter = RateLimiter(perKey: configuration.renewLimit, global: RateLimit(burst: 1_000_000, perMinute: 1_000_000), clock: clock)
        self.logger = logger
    }

    /// Answers a REGISTER from `peerAddress`: REGISTERED with the new collector's id, its
    /// certificate and the CA certificate, or an ERROR (`rate_limited`, `authentication_failed`,
    /// `registration_refused`, `storage_unavailable`) that says why.
    public func register(_ request: Register, peerAddress: String) async -> Message {
        let peer = PeerAddress.host(of: peerAddress)
        do {
            let registered = try await registerChecked(request, peer: peer)
            count("register", "registered")
            logger.info("collector registered", metadata: [
                "collector": "\(registered.collectorID)", "peer": "\(peer)", "hostname": "\(request.hostname)",
            ])
            return .registered(registered)
        } catch let refusal as Refusal {
            count("register", refusal.reason)
            logger.warning("registration refused", metadata: ["peer": "\(peer)", "reason": "\(refusal.reason)", "detail": "\(refusal.message)"])
            return refusal.answer
        } catch {
            count("register", "internal_error")
            logger.error("registration failed", metadata: ["peer": "\(peer)", "error": "\(error)"])
            return .error(ErrorMessage(code: .internalError, fatal: true, message: "registration failed inside the backend"))
        }
    }

    /// Answers a RENEW from the collector `collectorID` (taken from its client certificate):
    /// REGISTERED with a new certificate for the same id, or an ERROR (`rate_limited`,
    /// `collector_unknown`, `collector_revoked`, `registration_refused`, `storage_unavailable`).
    public func renew(_ request: Renew, collectorID: String, peerAddress: String) async -> Message {
        let peer = PeerAddress.host(of: peerAddress)
        do {
            let registered = try await renewChecked(request, collectorID: collectorID)
            count("renew", "renewed")
            logger.info("certificate renewed", metadata: ["collector": "\(collectorID)", "peer": "\(peer)"])
            return .registered(registered)
        } catch let refusal as Refusal {
            count("renew", refusal.reason)
            logger.warning("renewal refused", metadata: [
                "collector": "\(collectorID)", "peer": "\(peer)", "reason": "\(refusal.reason)", "detail": "\(refusal.message)",
            ])
            return refusal.answer
        } catch {
            count("renew", "internal_error")
            logger.error("renewal failed", metadata: ["collector": "\(collectorID)", "error": "\(error)"])
            return .error(ErrorMessage(code: .internalError, fatal: true, message: "renewal failed inside the backend"))
        }
    }

    private func registerChecked(_ request: Register, peer: String) async throws -> Registered {
        if let refusal = Refusal.rateLimited(peerLimiter.attempt(peer), what: "registration", key: "this peer") { throw refusal }
        guard let secret = configuration.secret else {
            throw Refusal(.registrationRefused, "disabled", "registration is disabled on this backend (REGISTRATION_SECRET is not set)")
        }
        guard SecretComparison.equals(request.secret, secret) else {
            throw Refusal(.authenticationFailed, "bad_secret", "the registration secret is wrong")
        }
        let csr = try parse(request.csr)
        for _ in 0..<Self.idAttempts {
            let id = CollectorIdentifier.make(hostname: request.hostname, name: request.name)
            let issued = try sign(csr, collectorID: id)
            let registration = CollectorStore.Registration(
                id: id, name: request.name, hostname: request.hostname, region: request.region,
                certificateSerial: issued.serialNumberHex, certificateExpiresAt: Self.micros(issued.notAfter))
            let store = self.store
            let inserted = try await onDatabase { connection in try store.insertNew(registration, on: connection) }
            if inserted { return Registered(collectorID: id, certificates: [issued.der], caCertificate: caCertificateDER) }
        }
        throw Refusal(.internalError, "id_clash", "could not find a free collector id")
    }

    private func renewChecked(_ request: Renew, collectorID: String) async throws -> Registered {
        if let refusal = Refusal.rateLimited(renewLimiter.attempt(collectorID), what: "renewal", key: "this collector") { throw refusal }
        let csr = try parse(request.csr)
        let store = self.store
        let state = try await onDatabase { connection in try store.enrolmentState(of: collectorID, on: connection) }
        try Self.check(state, collectorID: collectorID)
        let issued = try sign(csr, collectorID: collectorID)
        let recorded = try await onDatabase { connection in
            try store.renewCertificate(of: collectorID, serial: issued.serialNumberHex,
                                       expiresAt: Self.micros(issued.notAfter), on: connection)
        }
        // Revoked between the check and the update: the new certificate is thrown away.
        try Self.check(recorded, collectorID: collectorID)
        return Registered(collectorID: collectorID, certificates: [issued.der], caCertificate: caCertificateDER)
    }

    private static func check(_ state: CollectorStore.EnrolmentState, collectorID: String) throws {
        switch state {
        case .active: return
        case .unknown: throw Refusal(.collectorUnknown, "unknown", "collector \(collectorID) is not registered on this backend")
        case .revoked: throw Refusal(.collectorRevoked, "revoked", "collector \(collectorID) is revoked; it cannot renew its certificate")
        }
    }

    private func parse(_ der: [UInt8]) throws -> CertificateSigningRequest {
        do {
            let csr = try CertificateSigningRequest(der: der)
            try csr.verifySignature()
            return csr
        } catch let error as TLSError where error.code == .csrSignatureInvalid {
            throw Refusal(.registrationRefused, "bad_csr",
                          "the CSR's signature does not verify: it was altered or not made with the key it names")
        } catch let error as TLSError {
            throw Refusal(.registrationRefused, "bad_csr", "the CSR is not acceptable: \(error.message)")
        }
    }

    private func sign(_ csr: CertificateSigningRequest, collectorID: String) throws -> IssuedCertificate {
        do {
            return try authority.signClientCertificate(request: csr, collectorID: collectorID, validity: configuration.certificateValidity)
        } catch let error as TLSError where [.invalidCSR, .csrSignatureInvalid].contains(error.code) {
            throw Refusal(.registrationRefused, "bad_csr", "the CSR is not acceptable: \(error.message)")
        }
    }

    private func onDatabase<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        do {
            return try await database.run(body)
        } catch let error as PostgresError {
            throw Refusal(.storageUnavailable, "storage_unavailable", "the collector could not be recorded: \(error.code): \(error.message)")
        } catch is DatabaseExecutor.ShutDown {
            throw Refusal(.shuttingDown, "shutting_down", "the backend is shutting down; retry later")
        }
    }

    /// Unix seconds as microseconds since 2000-01-01 UTC, as `CollectorStore` takes times.
    private static func micros(_ unixSeconds: Int64) -> Int64 {
        (unixSeconds - PostgresTime.unixEpochOffsetSeconds) * PostgresTime.microsecondsPerSecond
    }

    private func count(_ request: String, _ result: String) {
        Counter(label: "pga_enrolment_total", dimensions: [("request", request), ("result", result)]).increment()
    }
}
