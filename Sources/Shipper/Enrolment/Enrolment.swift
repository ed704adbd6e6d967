import NIOCore
import NIOPosix
import TLS
import WireProtocol

/// Registers a new collector with the backend (`pganalytics register`, PROTOCOL.md section 6.7).
///
/// The private key is generated here and written only to this host (mode 0600); REGISTER carries
/// the registration secret and a CSR, never the key (DESIGN.md invariant 7). The connection
/// presents no client certificate and verifies the server against the CA the operator gives,
/// so the secret is never sent to an impostor.
public struct Enrolment: Sendable {
    /// What the operator asks for.
    public struct Request: Sendable {
        public var backend: BackendAddress
        public var secret: String
        /// Display name; may be empty.
        public var name: String
        public var hostname: String
        /// Free-form region label; may be empty.
        public var region: String
        /// The CA certificate (PEM) that must have signed the backend's server certificate.
        public var caCertificate: String
        /// The name the server certificate must carry; by default the backend host.
        public var serverName: String?

        public init(
            backend: BackendAddress, secret: String, name: String = "", hostname: String, region: String = "",
            caCertificate: String, serverName: String? = nil
        ) {
            self.backend = backend
            self.secret = secret
            self.name = name
            self.hostname = hostname
            self.region = region
            self.caCertificate = caCertificate
            self.serverName = serverName
        }
    }

    /// What registration produced and stored.
    public struct Result: Sendable {
        public var collectorID: String
        public var certificate: Certificate
        public var caCertificate: Certificate
        public var paths: CredentialPaths
    }

    public var group: any EventLoopGroup
    public var timeoutMilliseconds: Int

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeoutMilliseconds: Int = 30_000) {
        self.group = group
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Generates the key and CSR, sends REGISTER, checks REGISTERED and stores key, certificate
    /// chain, CA certificate and collector id at `paths`.
    /// - Throws: ``ShipperError`` — `unreachable`, `serverNotTrusted`, `refused` (with the
    ///   backend's code: a bad secret is `authentication_failed`, too many attempts
    ///   `rate_limited`), `protocolViolation`, `storage`, `credentials`.
    public func register(_ request: Request, storeAt paths: CredentialPaths) async throws(ShipperError) -> Result {
        guard !request.secret.isEmpty, request.secret.utf8.count <= Limits.default.maxString16Bytes, !request.secret.utf8.contains(0) else {
            throw ShipperError(.credentials, "the registration secret must be 1 to \(Limits.default.maxString16Bytes) bytes without NUL")
        }
        let key: PrivateKey
        let csr: [UInt8]
        do {
            key = try PrivateKey.generateP256()
            let commonName = request.name.isEmpty ? request.hostname : request.name
            csr = try CertificateSigningRequest(commonName: String(commonName.prefix(64)), key: key).derBytes()
        } catch {
            throw ShipperError(.credentials, "cannot generate the key and certificate signing request: \(error)")
        }
        let message = Register(
            secret: request.secret, name: request.name, hostname: request.hostname, region: request.region, csr: csr)
        let registered = try await exchange(.register(message), request: request)
        return try store(registered, key: key, paths: paths)
    }

    /// Sends one message over server-authenticated TLS and returns the REGISTERED answer.
    func exchange(_ message: Message, request: Request) async throws(ShipperError) -> Registered {
        let context: TLSContext
        do {
            var configuration = TLSConfiguration.client(
                trustRoots: .file(request.caCertificate), serverName: request.serverName ?? request.backend.host)
            configuration.certificateVerification = .fullVerification
            context = try TLSContext(configuration: configuration)
        } catch {
            throw ShipperError(.credentials, "cannot use the CA certificate \(request.caCertificate): \(error)")
        }
        let channel = try await connect(request.backend, context: context, serverName: request.serverName ?? request.backend.host)
        do {
            return try await withTimeout(milliseconds: timeoutMilliseconds, address: request.backend) {
                try await channel.executeThenClose { inbound, outbound in
                    do {
                        try await outbound.write(message.buffer())
                    } catch {
                        // A failed handshake closes the channel; its reason ends the inbound stream.
                        for try await _ in inbound {}
                        throw error
                    }
                    for try await answer in inbound {
                        switch answer {
                        case .registered(let registered):
                            return registered
                        case .error(let error):
                            throw Self.refusal(error, address: request.backend)
                        case .goodbye(let goodbye):
                            throw ShipperError(.refused, "the backend at \(request.backend) closed: \(goodbye.message)", backendCode: goodbye.reason?.rawValue)
                        case .ping(let ping):
                            try await outbound.write(Message.pong(Pong(nonce: ping.nonce)).buffer())
                        default:
                            throw ShipperError(.protocolViolation, "the backend at \(request.backend) answered REGISTER with \(answer.type)")
                        }
                    }
                    throw ShipperError(.connectionLost, "the backend at \(request.backend) closed the connection without answering")
                }
            }
        } catch {
            throw BackendConnection.describe(error, address: request.backend)
        }
    }

    private func connect(_ address: BackendAddress, context: TLSContext, serverName: String) async throws(ShipperError) -> BackendConnection.Channel {
        do {
            return try await BackendConnection.connect(
                to: address, context: context, serverName: serverName, group: group, connectTimeoutMilliseconds: min(timeoutMilliseconds, 10_000))
        } catch let error as ShipperError {
            throw error
        } catch {
            throw ShipperError(.unreachable, "cannot connect to the backend at \(address): \(error)")
        }
    }

    static func refusal(_ error: ErrorMessage, address: BackendAddress) -> ShipperError {
        let text: String
        switch error.code.effective {
        case .authenticationFailed: text = "the backend at \(address) refused the registration secret: \(error.message)"
        case .rateLimited: text = "the backend at \(address) is rate-limiting registrations; try again later: \(error.message)"
        case .registrationRefused: text = "the backend at \(address) refused the registration: \(error.message)"
        default: text = "the backend at \(address) answered \(error.code.name): \(error.message)"
        }
        return ShipperError(.refused, text, backendCode: error.code.rawValue)
    }

    private func store(_ registered: Registered, key: PrivateKey, paths: CredentialPaths) throws(ShipperError) -> Result {
        let chain: [Certificate]
        let ca: Certificate
        do {
            chain = try registered.certificates.map { try Certificate(der: $0) }
            ca = try Certificate(der: registered.caCertificate)
        } catch {
            throw ShipperError(.protocolViolation, "REGISTERED holds a certificate that cannot be parsed: \(error)")
        }
        guard let leaf = chain.first, leaf.matches(key) else {
            throw ShipperError(.protocolViolation, "the certificate in REGISTERED is not for the key this collector generated")
        }
        guard ca.isCertificateAuthority, (chain.last ?? leaf).isSigned(by: ca) else {
            throw ShipperError(.protocolViolation, "the certificate in REGISTERED is not signed by the CA certificate it carries")
        }
        try CredentialStore.install(key: key, chain: chain, caCertificate: ca, collectorID: registered.collectorID, paths: paths)
        return Result(collectorID: registered.collectorID, certificate: leaf, caCertificate: ca, paths: paths)
    }
}

/// Runs `body`, failing with ``ShipperError/Code/connectionLost`` after `milliseconds`.
func withTimeout<T: Sendable>(
    milliseconds: Int, address: BackendAddress, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(milliseconds))
            throw ShipperError(.connectionLost, "the backend at \(address) did not answer within \(milliseconds) ms")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
