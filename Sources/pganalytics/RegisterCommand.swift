#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Collector
import NIOCore
import NIOPosix
import Shipper

/// `pganalytics register`: enrols this collector with a backend.
struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Enrol this collector with a backend: make a key here, get it certified, store the identity.",
        discussion: """
            Generates the collector's private key on this host (written with mode 0600, it never \
            leaves the host), sends a certificate signing request with the installation's \
            registration secret, and stores what the backend returns where the configuration \
            points: the certificate at [backend] tls_cert, the key at tls_key, the CA certificate \
            at ca_cert, and the collector id in collector.id next to the certificate.

            The connection verifies the backend's certificate against the CA file given with \
            --ca-cert (by default the configuration's ca_cert), so the secret is only ever sent \
            to the real backend. Get that file from the backend host (`pganalytics-api ca init` \
            writes it).

            Example:
              pganalytics register --backend backend.example.com:8443 --ca-cert ./ca.crt \\
                  --name db-01 --region eu-west   (secret from PGANALYTICS_REGISTRATION_SECRET)

            Exit status: 0 registered; 1 failure; 69 backend unreachable; 75 rate limited, try \
            later; 77 refused (bad secret, untrusted server certificate); 78 invalid \
            configuration or arguments.
            """)

    @Option(help: ArgumentHelp("The backend's ingest listener.", valueName: "host:port"))
    var backend: String

    @Option(help: ArgumentHelp("The registration secret (default: $PGANALYTICS_REGISTRATION_SECRET).", valueName: "secret"))
    var secret: String?

    @Option(help: ArgumentHelp("Display name (default: [collector] id, else the host name).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("Free-form region label.", valueName: "region"))
    var region: String = ""

    @Option(name: .customLong("ca-cert"),
            help: ArgumentHelp("The CA certificate that signed the backend's certificate (default: [backend] ca_cert).", valueName: "file"))
    var caCert: String?

    @Option(name: .customLong("server-name"),
            help: ArgumentHelp("The name the backend's certificate carries, when it is not the host in --backend.", valueName: "name"))
    var serverName: String?

    /// `--config`: the configuration file that says where to store the identity.
    @OptionGroup var global: GlobalOptions

    @Flag(help: "Replace an existing certificate and key.")
    var force = false

    func run() throws {
        let environment = ProcessEnvironment.current()
        let configPath = global.path
        var settings = CollectorConfig()
        if global.config != nil || access(configPath, F_OK) == 0 {
            do {
                settings = try ConfigLoader.load(path: configPath, environment: environment).config
            } catch {
                fail("configuration \(configPath): INVALID: \(error)", status: 78)
            }
        }
        guard let secret = secret ?? environment["PGANALYTICS_REGISTRATION_SECRET"], !secret.isEmpty else {
            fail("no registration secret: pass --secret or set PGANALYTICS_REGISTRATION_SECRET", status: 78)
        }
        let address: BackendAddress
        do {
            address = try BackendAddress(parsing: backend)
        } catch {
            fail("\(error)", status: 78)
        }
        let paths = CredentialPaths(
            certificate: settings.backend.certificatePath, privateKey: settings.backend.keyPath, caCertificate: settings.backend.caPath)
        let trust = caCert ?? paths.caCertificate
        guard access(trust, R_OK) == 0 else {
            fail("cannot read the CA certificate \(trust): give the backend's CA with --ca-cert (pganalytics-api ca init wrote it)", status: 78)
        }
        if !force, access(paths.certificate, F_OK) == 0 || access(paths.privateKey, F_OK) == 0 {
            fail("a collector identity already exists (\(paths.certificate), \(paths.privateKey)); pass --force to replace it", status: 78)
        }
        let hostname = ShippingSetup.hostname(settings)
        let request = Enrolment.Request(
            backend: address, secret: secret, name: name ?? settings.collector.id ?? hostname, hostname: hostname,
            region: region, caCertificate: trust, serverName: serverName)

        let outcome = Result { try MultiThreadedEventLoopGroup.singleton.any().makeFutureWithTask {
            try await Enrolment().register(request, storeAt: paths)
        }.wait() }
        switch outcome {
        case .success(let result):
            print("registered with \(address) as collector \(result.collectorID)")
            print("  certificate  \(paths.certificate) (valid until \(Timestamp.text(result.certificate.notAfter)))")
            print("  private key  \(paths.privateKey) (mode 0600, generated on this host)")
            print("  CA           \(paths.caCertificate)")
            print("  collector id \(paths.collectorIDFile)")
            if geteuid() == 0 {
                print("note: the files belong to root; if the service runs as another user: chown pganalytics \(paths.privateKey) \(paths.certificate)")
            }
            if settings.backend.url == nil {
                print("next: set [backend] url = \"\(address)\" in \(configPath), then start the collector")
            }
        case .failure(let error as ShipperError):
            fail(error.message, status: Self.status(for: error))
        case .failure(let error):
            fail("\(error)", status: 1)
        }
    }

    static func status(for error: ShipperError) -> Int32 {
        switch error.code {
        case .unreachable: return 69
        case .serverNotTrusted: return 77
        case .refused where error.backendCode == 11: return 75
        case .refused: return 77
        case .invalidAddress, .credentials: return 78
        default: return 1
        }
    }

    private func fail(_ message: String, status: Int32) -> Never {
        var standardError = StandardError()
        print("pganalytics register: \(message)", to: &standardError)
        Glibc.exit(status)
    }
}
