#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TLS

/// `pganalytics-api ca init`: a new CA and the backend's server certificate in one directory.
///
/// Files: `ca.crt` (0644), `ca.key` (0600), `server.crt` (0644, the server certificate followed
/// by the CA certificate), `server.key` (0600). An existing CA is never replaced unless asked:
/// replacing it invalidates every collector's certificate.
public struct CASetup: Sendable {
    /// Why `ca init` did nothing.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public var directory: String
    /// The names the server certificate is valid for; the first is its common name.
    public var hostnames: [String]
    public var force: Bool

    public init(directory: String, hostnames: [String], force: Bool = false) {
        self.directory = directory
        self.hostnames = hostnames
        self.force = force
    }

    public var caCertificatePath: String { directory + "/ca.crt" }
    public var caKeyPath: String { directory + "/ca.key" }
    public var serverCertificatePath: String { directory + "/server.crt" }
    public var serverKeyPath: String { directory + "/server.key" }

    /// The names used when none are given: this machine's host name, `localhost`, `127.0.0.1`.
    public static func defaultHostnames() -> [String] {
        var buffer = [CChar](repeating: 0, count: 256)
        var names: [String] = []
        if gethostname(&buffer, buffer.count) == 0 {
            let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !name.isEmpty { names.append(name) }
        }
        for name in ["localhost", "127.0.0.1"] where !names.contains(name) { names.append(name) }
        return names
    }

    /// Creates the files and returns the environment lines that point the backend at them.
    public func run() throws -> [String] {
        guard !hostnames.isEmpty else { throw Failure(description: "give at least one --hostname") }
        try makeDirectory()
        if !force {
            for path in [caCertificatePath, caKeyPath] where access(path, F_OK) == 0 {
                throw Failure(description: """
                    \(path) exists: \(directory) already holds a CA. Replacing it invalidates every collector's \
                    certificate; pass --force to do it anyway
                    """)
            }
        }
        let authority = try CertificateAuthority.create(commonName: "pgAnalytics CA")
        let serverKey = try PrivateKey.generateP256()
        let server = try authority.issueServerCertificate(
            commonName: hostnames[0], subjectAlternativeNames: hostnames.map(SubjectAlternativeName.init), key: serverKey)
        // Keys first: a certificate without its key is useless, a key without its certificate harmless.
        try serverKey.write(toFile: serverKeyPath)
        try authority.save(certificatePath: caCertificatePath, keyPath: caKeyPath)
        try writePublic(server.pem + authority.certificate.pemString(), to: serverCertificatePath)
        return [
            "TLS_CERT=\(serverCertificatePath)",
            "TLS_KEY=\(serverKeyPath)",
            "TLS_CA=\(caCertificatePath)",
            "CA_KEY=\(caKeyPath)",
        ]
    }

    private func makeDirectory() throws {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw Failure(description: "cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
            prefix += "/"
        }
    }

    private func writePublic(_ text: String, to path: String) throws {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
