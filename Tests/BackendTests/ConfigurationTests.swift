import ArgumentParser
@testable import Backend
import ExecutableTestSupport
import Foundation
import Logging
import Testing
import TLS

@Suite("Settings from the environment and flags")
struct ConfigurationTests {
    /// A CA directory made by `ca init`'s code, shared by the tests of this suite.
    static let tls: (dir: String, env: [String: String]) = {
        let dir = NSTemporaryDirectory() + "pga-config-test-" + UUID().uuidString
        let setup = CASetup(directory: dir, hostnames: ["localhost"])
        _ = try! setup.run()
        return (dir, ["TLS_CERT": setup.serverCertificatePath, "TLS_KEY": setup.serverKeyPath, "TLS_CA": setup.caCertificatePath])
    }()

    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        tls.env.merging(["DATABASE_URL": "postgres://pga@db.example.com/pga"]) { a, _ in a }.merging(extra) { _, b in b }
    }

    @Test("defaults when only the required settings are given")
    func defaults() throws {
        let configuration = try ServeConfiguration(SettingSources(environment: Self.environment()))
        #expect(configuration.database.url == "postgres://pga@db.example.com/pga")
        #expect(configuration.httpPort == 8080)
        #expect(configuration.ingestPort == 8443)
        #expect(configuration.tlsMinimumVersion == .v1_3)
        #expect(configuration.registrationSecret == nil)
        #expect(configuration.adminToken == nil)
        #expect(configuration.logLevel == .info)
        #expect(configuration.retentionDays == 30)
        #expect(configuration.writers == 3)
        #expect(configuration.maxConnections == 4096)
        #expect(configuration.collectorIntervalSeconds == 60)
        // ca init puts ca.key next to ca.crt: it is found without CA_KEY.
        #expect(configuration.caKey == Self.tls.dir + "/ca.key")
    }

    @Test("every setting from the environment")
    func fromEnvironment() throws {
        let configuration = try ServeConfiguration(SettingSources(environment: Self.environment([
            "PORT": "9090", "INGEST_PORT": "9443", "TLS_MIN_VERSION": "1.2", "REGISTRATION_SECRET": "sixteen-chars-ok!",
            "ADMIN_TOKEN": "0123456789abcdef", "LOG_LEVEL": "debug", "RETENTION_DAYS": "7", "WRITERS": "5",
            "MAX_CONNECTIONS": "2000", "COLLECTOR_INTERVAL": "10", "CA_KEY": Self.tls.dir + "/ca.key",
        ])))
        #expect(configuration.httpPort == 9090)
        #expect(configuration.ingestPort == 9443)
        #expect(configuration.tlsMinimumVersion == .v1_2)
        #expect(configuration.registrationSecret == "sixteen-chars-ok!")
        #expect(configuration.adminToken == "0123456789abcdef")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.retentionDays == 7)
        #expect(configuration.writers == 5)
        #expect(configuration.maxConnections == 2000)
        #expect(configuration.collectorIntervalSeconds == 10)
    }

    @Test("flags win over the environment; an empty variable counts as unset")
    func flagsWin() throws {
        let command = try PganalyticsAPI.Serve.parse([
            "--port", "7000", "--database-url", "postgres://flag@db/pga", "--log-level", "error", "--writers", "2",
            "--tls-min-version", "1.2",
        ])
        let sources = command.sources(environment: Self.environment(["PORT": "9000", "WRITERS": "9", "LOG_LEVEL": "", "ADMIN_TOKEN": ""]))
        let configuration = try ServeConfiguration(sources)
        #expect(configuration.httpPort == 7000)
        #expect(configuration.database.url == "postgres://flag@db/pga")
        #expect(configuration.logLevel == .error)
        #expect(configuration.writers == 2)
        #expect(configuration.tlsMinimumVersion == .v1_2)
        #expect(configuration.adminToken == nil)
    }

    @Test("serve is the default command", arguments: [[], ["--port", "1234"]])
    func defaultCommand(arguments: [String]) throws {
        let command = try PganalyticsAPI.parseAsRoot(arguments)
        #expect(command is PganalyticsAPI.Serve)
    }

    static let errors: [([String: String], String)] = [
        (["DATABASE_URL": ""], "DATABASE_URL (--database-url): not set"),
        (["DATABASE_URL": "db.example.com"], "DATABASE_URL (--database-url): is neither a postgres:// URL"),
        (["PORT": "http"], "PORT (--port): \"http\" is not a TCP port"),
        (["PORT": "70000"], "PORT (--port): \"70000\" is not a TCP port"),
        (["INGEST_PORT": "-1"], "INGEST_PORT (--ingest-port): \"-1\" is not a TCP port"),
        (["PORT": "9000", "INGEST_PORT": "9000"], "INGEST_PORT (--ingest-port): is 9000, the same port as PORT"),
        (["TLS_CERT": ""], "TLS_CERT (--tls-cert): not set"),
        (["TLS_KEY": "/nonexistent/key.pem"], "TLS_KEY (--tls-key): cannot read /nonexistent/key.pem"),
        (["TLS_CA": "/nonexistent/ca.pem"], "TLS_CA (--tls-ca): cannot read /nonexistent/ca.pem"),
        (["TLS_MIN_VERSION": "1.1"], "TLS_MIN_VERSION (--tls-min-version): \"1.1\" is not a TLS version"),
        (["REGISTRATION_SECRET": "short"], "REGISTRATION_SECRET (--registration-secret): is 5 characters long; use at least 16"),
        (["ADMIN_TOKEN": "secret"], "ADMIN_TOKEN (--admin-token): is 6 characters long; use at least 16"),
        (["LOG_LEVEL": "loud"], "LOG_LEVEL (--log-level): \"loud\" is not a log level"),
        (["RETENTION_DAYS": "0"], "RETENTION_DAYS (--retention-days): \"0\" is not a whole number in 1...36500"),
        (["WRITERS": "100"], "WRITERS (--writers): \"100\" is not a whole number in 1...64"),
        (["MAX_CONNECTIONS": "many"], "MAX_CONNECTIONS (--max-connections): \"many\" is not a whole number"),
        (["COLLECTOR_INTERVAL": "0"], "COLLECTOR_INTERVAL (--collector-interval): \"0\" is not a whole number"),
        (["CA_KEY": "/nonexistent/ca.key"], "CA_KEY (--ca-key): cannot read /nonexistent/ca.key"),
    ]

    @Test("a bad or missing value is an error naming the setting and the value", arguments: errors)
    func error(change: [String: String], expected: String) throws {
        #expect {
            _ = try ServeConfiguration(SettingSources(environment: Self.environment(change)))
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    @Test("REGISTRATION_SECRET needs the CA key: without ca.key next to TLS_CA it is an error naming CA_KEY")
    func secretNeedsKey() throws {
        let dir = try TemporaryDirectory(prefix: "pga-backend-test-").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The CA certificate alone, copied elsewhere.
        try FileManager.default.copyItem(atPath: Self.tls.dir + "/ca.crt", toPath: dir + "/ca.crt")
        let environment = Self.environment(["TLS_CA": dir + "/ca.crt"])
        let withoutSecret = try ServeConfiguration(SettingSources(environment: environment))
        #expect(withoutSecret.caKey == nil)
        #expect {
            _ = try ServeConfiguration(SettingSources(environment: environment.merging(["REGISTRATION_SECRET": "0123456789abcdef"]) { _, b in b }))
        } throws: { error in
            "\(error)" == "CA_KEY (--ca-key): cannot read \(dir)/ca.key: No such file or directory"
        }
    }

    @Test("migrate needs only the database")
    func migrateSettings() throws {
        let configuration = try MigrateConfiguration(SettingSources(environment: ["DATABASE_URL": "host=db dbname=pga", "LOG_LEVEL": "warning"]))
        #expect(configuration.database.url == "host=db dbname=pga")
        #expect(configuration.logLevel == .warning)
    }
}
