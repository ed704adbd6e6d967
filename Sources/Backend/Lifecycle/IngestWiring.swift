import IngestServer
import TLS

/// How the settings become the ingest listener's configuration.
enum IngestWiring {
    static func configuration(_ settings: ServeConfiguration) throws -> IngestServerConfiguration {
        var tls = TLSConfiguration.server(
            certificateChain: .file(settings.tlsCertificate), privateKey: .file(settings.tlsKey),
            trustRoots: .file(settings.tlsCA),
            // The listener lets a peer without a certificate finish the handshake so that it may
            // REGISTER, and refuses it everything else.
            requireClientCertificate: false)
        tls.minimumVersion = settings.tlsMinimumVersion
        var configuration = IngestServerConfiguration(tls: tls)
        configuration.port = settings.ingestPort
        configuration.maxConnections = settings.maxConnections
        return configuration
    }
}
