#if canImport(Glibc)
import Glibc
#endif
import TLS

/// The collector's TLS identity as loaded from its files: certificate chain, private key and the
/// CA it trusts for the backend.
public struct Credentials: Sendable {
    /// Leaf first.
    public let chain: [Certificate]
    public let key: PrivateKey
    public let trustRoots: [Certificate]

    /// The leaf certificate.
    public var certificate: Certificate { chain[0] }
    /// The collector id, the leaf's subject common name.
    public var collectorID: String? { certificate.subjectCommonName }

    /// Loads and checks the files: the key matches the certificate, the CA file holds a
    /// certificate. Finishes a renewal that a crash interrupted between replacing the key and
    /// replacing the certificate (see ``CredentialStore/replace(key:chain:paths:)``).
    public static func load(_ paths: CredentialPaths) throws(ShipperError) -> Credentials {
        try CredentialStore.finishInterruptedRenewal(paths)
        let chain: [Certificate]
        let key: PrivateKey
        let roots: [Certificate]
        do {
            chain = try Certificate.chain(pemFile: paths.certificate)
        } catch {
            throw ShipperError(.credentials, "cannot read the collector certificate \(paths.certificate): \(describe(error)); run `pganalytics register` first")
        }
        guard let leaf = chain.first else {
            throw ShipperError(.credentials, "\(paths.certificate) holds no certificate")
        }
        do {
            key = try PrivateKey(pemFile: paths.privateKey)
        } catch {
            throw ShipperError(.credentials, "cannot read the collector key \(paths.privateKey): \(describe(error))")
        }
        guard leaf.matches(key) else {
            throw ShipperError(.credentials, "the key \(paths.privateKey) does not belong to the certificate \(paths.certificate)")
        }
        do {
            roots = try Certificate.chain(pemFile: paths.caCertificate)
        } catch {
            throw ShipperError(.credentials, "cannot read the CA certificate \(paths.caCertificate): \(describe(error))")
        }
        guard !roots.isEmpty else {
            throw ShipperError(.credentials, "\(paths.caCertificate) holds no certificate")
        }
        return Credentials(chain: chain, key: key, trustRoots: roots)
    }

    /// The TLS client configuration presenting this identity to `serverName`.
    public func tlsConfiguration(serverName: String, verifyServerName: Bool) -> TLSConfiguration {
        var configuration = TLSConfiguration.client(
            trustRoots: .certificates(trustRoots), serverName: serverName, certificateChain: .certificates(chain),
            privateKey: .key(key))
        if !verifyServerName { configuration.certificateVerification = .noHostnameVerification }
        return configuration
    }
}

extension TLSError {
    /// Whether a handshake failed because this side could not verify the peer's certificate
    /// (rather than the peer refusing ours, which arrives as an alert).
    var isCertificateVerificationFailure: Bool {
        message.contains("certificate verification failed")
    }
}

/// An error's message without its type prefix, for sentences that name the file themselves.
func describe(_ error: any Error) -> String {
    (error as? TLSError)?.message ?? "\(error)"
}
