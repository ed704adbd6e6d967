import ArgumentParser

/// The flags shared by the commands that use the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: ArgumentHelp("The metrics database (env DATABASE_URL).", valueName: "url"))
    var databaseURL: String?

    @Option(name: .customLong("log-level"),
            help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (env LOG_LEVEL; default info).", valueName: "level"))
    var logLevel: String?

    var flags: [String: String] {
        var out: [String: String] = [:]
        out[Setting.databaseURL.environment] = databaseURL
        out[Setting.logLevel.environment] = logLevel
        return out
    }
}

/// The flags of `serve`.
struct ServeOptions: ParsableArguments {
    @Option(name: .customLong("port"), help: ArgumentHelp("The HTTP API's port (env PORT; default 8080).", valueName: "port"))
    var port: String?

    @Option(name: .customLong("ingest-port"), help: ArgumentHelp("The mTLS ingest listener's port (env INGEST_PORT; default 8443).", valueName: "port"))
    var ingestPort: String?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("The ingest listener's certificate chain, PEM (env TLS_CERT).", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("Its private key, PEM (env TLS_KEY).", valueName: "file"))
    var tlsKey: String?

    @Option(name: .customLong("tls-ca"), help: ArgumentHelp("The CA certificate collectors are verified against, PEM (env TLS_CA).", valueName: "file"))
    var tlsCA: String?

    @Option(name: .customLong("tls-min-version"), help: ArgumentHelp("1.3, or 1.2 to allow TLS 1.2 (env TLS_MIN_VERSION; default 1.3).", valueName: "version"))
    var tlsMinVersion: String?

    @Option(name: .customLong("ca-key"), help: ArgumentHelp("The CA's private key, for signing collectors' certificates (env CA_KEY; default ca.key next to TLS_CA).", valueName: "file"))
    var caKey: String?

    @Option(name: .customLong("registration-secret"), help: ArgumentHelp("The secret collectors register with, 16+ characters; unset disables registration (env REGISTRATION_SECRET).", valueName: "secret"))
    var registrationSecret: String?

    @Option(name: .customLong("admin-token"), help: ArgumentHelp("The bearer token of the admin API, 16+ characters; unset disables it (env ADMIN_TOKEN).", valueName: "token"))
    var adminToken: String?

    @Option(name: .customLong("retention-days"), help: ArgumentHelp("Days of metrics kept (env RETENTION_DAYS; default 30).", valueName: "days"))
    var retentionDays: String?

    @Option(name: .customLong("writers"), help: ArgumentHelp("Database writer connections (env WRITERS; default 3).", valueName: "n"))
    var writers: String?

    @Option(name: .customLong("max-connections"), help: ArgumentHelp("Concurrent collector connections (env MAX_CONNECTIONS; default 4096).", valueName: "n"))
    var maxConnections: String?

    @Option(name: .customLong("collector-interval"), help: ArgumentHelp("The collectors' interval in seconds, for their status (env COLLECTOR_INTERVAL; default 60).", valueName: "seconds"))
    var collectorInterval: String?

    var flags: [String: String] {
        let pairs: [(Setting, String?)] = [
            (.port, port), (.ingestPort, ingestPort), (.tlsCertificate, tlsCert), (.tlsKey, tlsKey), (.tlsCA, tlsCA),
            (.tlsMinimumVersion, tlsMinVersion), (.caKey, caKey), (.registrationSecret, registrationSecret),
            (.adminToken, adminToken), (.retentionDays, retentionDays), (.writers, writers),
            (.maxConnections, maxConnections), (.collectorInterval, collectorInterval),
        ]
        var out: [String: String] = [:]
        for (setting, value) in pairs { out[setting.environment] = value }
        return out
    }
}
