import Backend
import ExecutableTestSupport
import Foundation
import Ingest
import Testing
import TLS

@Suite("pganalytics-api as a real process")
struct ExecutableTests {
    @Test("--version prints the version; --help names every setting")
    func versionAndHelp() throws {
        let version = try runBackend(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == BackendVersion.current)
        let help = try runBackend(["serve", "--help"])
        #expect(help.status == 0)
        // Help text wraps at the terminal width; compare with single spaces.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for setting in Setting.all {
            #expect(text.contains("--\(setting.flag)"), "\(setting)")
            #expect(text.contains("env \(setting.environment)"), "\(setting)")
        }
    }

    @Test("a missing or bad setting exits 78 with a message naming it")
    func configurationErrors() throws {
        let missing = try runBackend(["migrate"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("DATABASE_URL (--database-url): not set"))

        let badPort = try runBackend(["serve", "--database-url", "postgres://x@127.0.0.1/x", "--port", "http"])
        #expect(badPort.status == 78)
        #expect(badPort.stderr.contains("PORT (--port): \"http\" is not a TCP port"))

        let noCert = try runBackend(["serve"], environment: ["DATABASE_URL": "postgres://x@127.0.0.1/x", "PORT": "9999"])
        #expect(noCert.status == 78)
        #expect(noCert.stderr.contains("TLS_CERT (--tls-cert): not set"))
        #expect(noCert.stderr.contains("ca init"))
    }

    @Test("migrate brings a new database to the current schema version and exits 0; again it changes nothing")
    func migrate() async throws {
        try await ScratchBackendDatabase.with { database async throws in
            let first = try runBackend(["migrate", "--database-url", database.conninfo])
            #expect(first.status == 0, "\(first.stderr)")
            let latest = try #require(StandardMigrations.all().last?.version)
            #expect(first.stdout.contains("schema at version \(latest)"))
            #expect(try database.scalar("SELECT max(version) FROM pganalytics.schema_migrations") == Int64(latest))
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.schema_migrations") == Int64(StandardMigrations.all().count))

            let second = try runBackend(["migrate"], environment: ["DATABASE_URL": database.conninfo, "LOG_LEVEL": "debug"])
            #expect(second.status == 0)
            #expect(second.stderr.contains("applied=[]"))
        }
    }

    @Test("migrate against an unreachable database exits 1 and says so")
    func migrateUnreachable() throws {
        let result = try runBackend(["migrate", "--database-url", "postgres://nobody@127.0.0.1:1/nothing"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot connect to the database (DATABASE_URL)"))
    }

    @Test("ca init writes the CA and a server certificate (keys 0600), refuses to overwrite, replaces with --force")
    func caInit() throws {
        let root = try TemporaryDirectory(prefix: "pga-backend-test-").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/etc/ca"
        let result = try runBackend(["ca", "init", "--dir", dir, "--hostname", "backend.example.com", "--hostname", "10.1.2.3"])
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["TLS_CERT=\(dir)/server.crt", "TLS_KEY=\(dir)/server.key", "TLS_CA=\(dir)/ca.crt", "CA_KEY=\(dir)/ca.key"] {
            #expect(result.stdout.contains(line))
        }
        #expect(try mode(dir + "/ca.key") == 0o600)
        #expect(try mode(dir + "/server.key") == 0o600)
        #expect(try mode(dir + "/ca.crt") == 0o644)

        let authority = try CertificateAuthority.load(certificatePath: dir + "/ca.crt", keyPath: dir + "/ca.key")
        let chain = try Certificate.chain(pemFile: dir + "/server.crt")
        #expect(chain.count == 2)
        #expect(chain[0].subjectCommonName == "backend.example.com")
        #expect(chain[0].isSigned(by: authority.certificate))
        #expect(chain[0].matches(try PrivateKey(pemFile: dir + "/server.key")))
        #expect(chain[1] == authority.certificate)

        let again = try runBackend(["ca", "init", "--dir", dir])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds a CA"))
        #expect(try Certificate(pemFile: dir + "/ca.crt") == authority.certificate)

        let forced = try runBackend(["ca", "init", "--dir", dir, "--force"])
        #expect(forced.status == 0)
        #expect(try Certificate(pemFile: dir + "/ca.crt") != authority.certificate)
        // The default names: this host's name, localhost and 127.0.0.1.
        let server = try Certificate(pemFile: dir + "/server.crt")
        #expect(server.subjectCommonName == CASetup.defaultHostnames().first)
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
