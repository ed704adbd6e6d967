#if canImport(Glibc)
import Glibc
#endif
import TLS

/// Writes the collector's key, certificates and id, so that a crash at any point leaves a usable
/// identity: every file is written to a temporary name, fsynced and renamed (the TLS module's
/// atomic writes), and the key is created with mode 0600.
public enum CredentialStore {
    /// Stores what registration produced: the key, the signed chain, the CA and the collector id.
    /// The key is written first, so the certificate on disk never points at a key that is not there.
    public static func install(
        key: PrivateKey, chain: [Certificate], caCertificate: Certificate, collectorID: String, paths: CredentialPaths
    ) throws(ShipperError) {
        try makeDirectory(of: paths.privateKey)
        try makeDirectory(of: paths.certificate)
        try makeDirectory(of: paths.caCertificate)
        try write("private key", paths.privateKey) { try key.write(toFile: paths.privateKey) }
        try write("certificate", paths.certificate) { try Certificate.write(chain, toFile: paths.certificate) }
        try write("CA certificate", paths.caCertificate) { try caCertificate.write(toFile: paths.caCertificate) }
        try writeCollectorID(collectorID, paths: paths)
    }

    /// Replaces the identity after a renewal. Both new files are staged next to the old ones
    /// (`.next`), then the key is renamed into place, then the certificate. A crash between the
    /// two renames leaves a new key beside the old certificate, which ``Credentials/load(_:)``
    /// repairs by finishing the second rename.
    public static func replace(key: PrivateKey, chain: [Certificate], paths: CredentialPaths) throws(ShipperError) {
        try write("private key", paths.stagedPrivateKey) { try key.write(toFile: paths.stagedPrivateKey) }
        try write("certificate", paths.stagedCertificate) { try Certificate.write(chain, toFile: paths.stagedCertificate) }
        try rename(paths.stagedPrivateKey, to: paths.privateKey)
        try rename(paths.stagedCertificate, to: paths.certificate)
    }

    /// Writes the collector id (one line) to ``CredentialPaths/collectorIDFile``.
    static func writeCollectorID(_ id: String, paths: CredentialPaths) throws(ShipperError) {
        let path = paths.collectorIDFile
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw posixError("create", temporary) }
        let bytes = Array((id + "\n").utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0 else {
            unlink(temporary)
            throw posixError("write", temporary)
        }
        try rename(temporary, to: path)
    }

    /// Reads the collector id file, if there is one.
    public static func readCollectorID(paths: CredentialPaths) -> String? {
        let fd = open(paths.collectorIDFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingSpaces
        return text.isEmpty ? nil : text
    }

    /// If the key on disk does not match the certificate but the staged certificate does, a
    /// renewal was interrupted after its key rename: complete it.
    static func finishInterruptedRenewal(_ paths: CredentialPaths) throws(ShipperError) {
        guard access(paths.stagedCertificate, F_OK) == 0,
            let key = try? PrivateKey(pemFile: paths.privateKey),
            let staged = try? Certificate(pemFile: paths.stagedCertificate), staged.matches(key)
        else { return }
        if let current = try? Certificate(pemFile: paths.certificate), current.matches(key) { return }
        try rename(paths.stagedCertificate, to: paths.certificate)
    }

    private static func write(_ what: String, _ path: String, _ body: () throws -> Void) throws(ShipperError) {
        do {
            try body()
        } catch {
            throw ShipperError(.storage, "cannot write the \(what) to \(path): \(error)")
        }
    }

    private static func rename(_ from: String, to path: String) throws(ShipperError) {
        guard Glibc.rename(from, path) == 0 else { throw posixError("rename \(from) to", path) }
        let directory = open(CredentialPaths.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    private static func makeDirectory(of path: String) throws(ShipperError) {
        let directory = CredentialPaths.directory(of: path)
        guard access(directory, F_OK) != 0 else { return }
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw posixError("mkdir", directory) }
    }

    private static func posixError(_ operation: String, _ path: String) -> ShipperError {
        let code = errno
        return ShipperError(.storage, "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))")
    }
}
