import Spool
import Testing
@testable import Collector

@Suite("collector.toml")
struct ConfigLoaderTests {
    static let v3Example = """
        [collector]
        id = "collector-001"
        hostname = "db-server-01"
        interval = 60

        [backend]
        url = "https://api.example.com"
        tls_cert = "/etc/pganalytics/collector.crt"
        tls_key = "/etc/pganalytics/collector.key"
        ca_cert = "/etc/pganalytics/ca.crt"

        [postgres]
        host = "localhost"
        port = 5432
        user = "monitoring_user"
        password = "secure-password"
        databases = ["postgres"]

        [metrics]
        enable_pg_stat_statements = true
        enable_replication = true
        enable_wal_level = true

        [buffer]
        max_size = 10000
        flush_interval = 60

        [security]
        tls_enabled = true
        verify_ssl = true
        jwt_token = "will-be-set-by-registration"
        """

    func load(_ text: String, env: [String: String] = [:]) throws -> LoadedConfig {
        try ConfigLoader.load(text: text, path: "collector.toml", environment: env)
    }

    func failure(_ text: String, env: [String: String] = [:]) -> ConfigError? {
        do { _ = try load(text, env: env); return nil } catch let error as ConfigError { return error } catch { return nil }
    }

    @Test func acceptsTheV3Example() throws {
        let loaded = try load(Self.v3Example)
        let config = loaded.config
        #expect(config.collector.id == "collector-001")
        #expect(config.collector.hostname == "db-server-01")
        #expect(config.collector.interval == 60)
        #expect(config.backend.url == "https://api.example.com")
        #expect(config.backend.caCert == "/etc/pganalytics/ca.crt")
        #expect(config.postgres.host == "localhost")
        #expect(config.postgres.port == 5432)
        #expect(config.postgres.password == "secure-password")
        #expect(config.postgres.databases == ["postgres"])
        #expect(config.security.tlsEnabled && config.security.verifySSL)
        #expect(config.enabledFamilies.count == MetricFamily.allCases.count)
        // [buffer] flush_interval becomes the fsync interval; max_size stays below the default bound.
        #expect(config.spool.fsync == .interval(milliseconds: 60_000))
        #expect(config.spool.maxBytes == SpoolSettings.defaultMaxBytes)
        #expect(loaded.warnings.contains { $0.contains("jwt_token is ignored") })
    }

    @Test func emptyFileGivesDefaults() throws {
        let config = try load("").config
        #expect(config.collector.interval == 60)
        #expect(config.postgres.databases == ["postgres"])
        #expect(config.spool.directory == "/var/lib/pganalytics/spool")
        #expect(config.spool.fsync == .interval(milliseconds: 100))
        #expect(config.spool.dropPolicy == .dropOldest)
        #expect(config.interval(for: .pgTables) == 300)
        #expect(config.interval(for: .hostCPU) == 60)
    }

    @Test func metricsSwitchesAndIntervals() throws {
        let config = try load("""
            [collector]
            interval = 10
            [metrics]
            pg_stat_statements_text = true
            enable_pg_stat_statements = false
            enable_replication = false
            pg_wal_receiver = true
            host_disk = false
            [intervals]
            pg_stat_statements = 300
            host_cpu = "5s"
            pg_tables = "1h"
            """).config
        #expect(!config.metrics.enabled.contains(.pgStatStatements))
        // A family's own switch wins over its group, whatever the order.
        #expect(config.metrics.enabled.contains(.pgStatStatementsText))
        #expect(!config.metrics.enabled.contains(.pgReplication))
        #expect(config.metrics.enabled.contains(.pgWalReceiver))
        #expect(!config.metrics.enabled.contains(.hostDisk))
        #expect(config.interval(for: .pgStatStatements) == 300)
        #expect(config.interval(for: .hostCPU) == 5)
        #expect(config.interval(for: .pgTables) == 3600)
        #expect(config.interval(for: .pgStatDatabase) == 10)
        #expect(config.interval(for: .pgIndexes) == 300)
    }

    @Test func spoolSection() throws {
        let config = try load("""
            [spool]
            dir = "/data/spool"
            max_bytes = "2GiB"
            fsync = "interval:250ms"
            drop_policy = "drop_newest"
            max_age = "7d"
            [buffer]
            flush_interval = 5
            """).config
        #expect(config.spool.directory == "/data/spool")
        #expect(config.spool.maxBytes == 2 << 30)
        #expect(config.spool.fsync == .interval(milliseconds: 250))  // [spool] fsync wins over [buffer]
        #expect(config.spool.dropPolicy == .dropNewest)
        #expect(config.spool.maxAgeSeconds == 7 * 86_400)
        let options = config.spool.options
        #expect(options.fullPolicy == .block(maxWaitMilliseconds: 0))
        #expect(options.segmentBytes == 64 << 20)
        #expect(try load("[spool]\nfsync = \"always\"").config.spool.fsync == .always)
        #expect(try load("[spool]\nfsync = \"never\"").config.spool.fsync == .never)
        #expect(try load("[spool]\nmax_bytes = 8388608").config.spool.options.segmentBytes == 1 << 20)
    }

    @Test func bufferMaxSizeRaisesTheSpoolBound() throws {
        let config = try load("[buffer]\nmax_size = 10_000_000").config
        #expect(config.spool.maxBytes == 10_000_000 * 256)
        let loaded = try load("[spool]\nmax_bytes = \"16MiB\"\n[buffer]\nmax_size = 10_000_000")
        #expect(loaded.config.spool.maxBytes == 16 << 20)
        #expect(loaded.warnings.contains { $0.contains("[spool] max_bytes wins") })
    }

    @Test(arguments: [
        ("[postgres]\nport = \"5432\"", "[postgres] port", 2, ConfigError.Code.wrongType, "expected an integer, found string"),
        ("[postgres]\nhost = \"h\"\nprot = 5432", "[postgres] prot", 3, .unknownKey, "unknown key in [postgres]"),
        ("[postgress]\nport = 1", "[postgress]", 1, .unknownSection, "unknown section"),
        ("interval = 5", "interval", 1, .unknownKey, "inside a section"),
        ("[collector]\ninterval = 0", "[collector] interval", 2, .invalidValue, "out of range"),
        ("[collector]\ninterval = true", "[collector] interval", 2, .wrongType, "found boolean"),
        ("[postgres]\ndatabases = \"x\"", "[postgres] databases", 2, .wrongType, "array of strings"),
        ("[postgres]\ndatabases = [\"a\", 1]", "[postgres] databases", 2, .wrongType, "element of type integer"),
        ("[postgres]\ndatabases = [\"a\", \"a\"]", "[postgres] databases", 2, .invalidValue, "listed twice"),
        ("[postgres]\ndatabases = []", "[postgres] databases", 2, .invalidValue, "at least one"),
        ("[postgres]\nsslmode = \"sometimes\"", "[postgres] sslmode", 2, .invalidValue, "verify-full"),
        ("[metrics]\npg_nothing = true", "[metrics] pg_nothing", 2, .unknownKey, "unknown key"),
        ("[metrics]\npg_locks = 1", "[metrics] pg_locks", 2, .wrongType, "boolean"),
        ("[intervals]\ncollector_events = 5", "[intervals] collector_events", 2, .unknownKey, "unknown key"),
        ("[intervals]\nhost_cpu = \"soon\"", "[intervals] host_cpu", 2, .invalidValue, "not a duration"),
        ("[spool]\ndir = \"relative\"", "[spool] dir", 2, .invalidValue, "absolute"),
        ("[spool]\nfsync = \"sometimes\"", "[spool] fsync", 2, .invalidValue, "interval:<duration>"),
        ("[spool]\ndrop_policy = \"panic\"", "[spool] drop_policy", 2, .invalidValue, "drop_oldest"),
        ("[spool]\nmax_bytes = \"lots\"", "[spool] max_bytes", 2, .invalidValue, "not a size"),
        ("[spool]\nmax_bytes = \"4MiB\"\nsegment_bytes = \"4MiB\"", "[spool] segment_bytes", 3, .invalidValue, "at least twice"),
        ("[security]\nverify_ssl = \"yes\"", "[security] verify_ssl", 2, .wrongType, "boolean"),
    ])
    func errorsNameKeyAndLine(text: String, key: String, line: Int, code: ConfigError.Code, fragment: String) throws {
        let error = try #require(failure(text))
        #expect(error.code == code, "\(error)")
        #expect(error.key == key, "\(error)")
        #expect(error.location == .file(path: "collector.toml", line: line), "\(error)")
        #expect(error.description.contains(fragment), "\(error)")
        #expect(error.description.hasPrefix("collector.toml line \(line): \(key): "), "\(error)")
    }

    @Test func syntaxErrorsNameTheLine() throws {
        let error = try #require(failure("[collector]\nid = \"a\"\nid = \"b\""))
        #expect(error.code == .syntax)
        #expect(error.location == .file(path: "collector.toml", line: 3))
        #expect(error.description.contains("duplicate key id"))
    }

    @Test func environmentOverridesTheFile() throws {
        let env = [
            "PGANALYTICS_POSTGRES_PASSWORD": "from-env",
            "PGANALYTICS_POSTGRES_PORT": "6543",
            "PGANALYTICS_POSTGRES_DATABASES": "app, billing",
            "PGANALYTICS_METRICS_PG_LOCKS": "off",
            "PGANALYTICS_INTERVALS_HOST_CPU": "15s",
            "PGANALYTICS_SPOOL_MAX_BYTES": "256MiB",
            "PGANALYTICS_COLLECTOR_INTERVAL": "30",
            "PGANALYTICS_CONFIG": "/elsewhere.toml",
            "PGHOST": "ignored-because-the-file-sets-host",
            "PGUSER": "libpq-user",
            "PGPASSFILE": "/etc/pganalytics/pgpass",
        ]
        let config = try load("[postgres]\nhost = \"db\"\npassword = \"from-file\"\nport = 5432", env: env).config
        #expect(config.postgres.password == "from-env")
        #expect(config.postgres.port == 6543)
        #expect(config.postgres.databases == ["app", "billing"])
        #expect(config.postgres.host == "db")
        #expect(config.postgres.user == "libpq-user")
        #expect(config.postgres.passwordFile == "/etc/pganalytics/pgpass")
        #expect(!config.metrics.enabled.contains(.pgLocks))
        #expect(config.interval(for: .hostCPU) == 15)
        #expect(config.spool.maxBytes == 256 << 20)
        #expect(config.collector.interval == 30)
    }

    @Test func libpqVariablesFillTheGaps() throws {
        let env = ["PGHOST": "10.0.0.5", "PGPORT": "5433", "PGPASSWORD": "pw", "PGDATABASE": "app", "PGSSLMODE": "require"]
        let postgres = try load("", env: env).config.postgres
        #expect(postgres.host == "10.0.0.5")
        #expect(postgres.port == 5433)
        #expect(postgres.password == "pw")
        #expect(postgres.databases == ["app"])
        #expect(postgres.sslMode == "require")
        let parameters = postgres.connectionParameters(database: "app")
        #expect(parameters.host == "10.0.0.5" && parameters.port == 5433 && parameters.database == "app")
        #expect(parameters.applicationName == "pganalytics")
    }

    @Test func environmentErrorsNameTheVariable() throws {
        let error = try #require(failure("", env: ["PGANALYTICS_POSTGRES_PORT": "fifty"]))
        #expect(error.code == .wrongType)
        #expect(error.location == .environment(variable: "PGANALYTICS_POSTGRES_PORT"))
        #expect(error.description.contains("environment variable PGANALYTICS_POSTGRES_PORT: [postgres] port"))
        let unknown = try #require(failure("", env: ["PGANALYTICS_POSTGRES_HOTS": "x"]))
        #expect(unknown.code == .unknownKey)
        #expect(unknown.location == .environment(variable: "PGANALYTICS_POSTGRES_HOTS"))
        let loaded = try load("", env: ["PGANALYTICS_NOPE_X": "1"])
        #expect(loaded.warnings.contains { $0.contains("PGANALYTICS_NOPE_X is ignored") })
    }
}
