import ArgumentParser

/// `pganalytics-api`: the pgAnalytics backend.
public struct PganalyticsAPI: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pganalytics-api",
        abstract: "The pgAnalytics backend: the mTLS ingest listener, the HTTP API, the schema and the CA.",
        discussion: """
            Every setting is an environment variable and the flag named after it (a flag wins): \
            DATABASE_URL, PORT, INGEST_PORT, TLS_CERT, TLS_KEY, TLS_CA, TLS_MIN_VERSION, CA_KEY, \
            REGISTRATION_SECRET, ADMIN_TOKEN, LOG_LEVEL, RETENTION_DAYS, WRITERS, MAX_CONNECTIONS, \
            COLLECTOR_INTERVAL. Prefer the environment (an EnvironmentFile) for secrets: flags show \
            in the process list.

            A new installation:
              pganalytics-api ca init --dir /etc/pganalytics/ca --hostname backend.example.com
              pganalytics-api migrate --database-url postgres://pganalytics@db/pganalytics
              pganalytics-api serve

            Exit status: 0 success; 1 failure; 78 a setting is missing or invalid.
            """,
        version: BackendVersion.current,
        subcommands: [Serve.self, Migrate.self, CA.self],
        defaultSubcommand: Serve.self)

    public init() {}
}

extension PganalyticsAPI {
    /// Parses the process's arguments and runs the chosen command, exiting as ArgumentParser
    /// does (the executable's whole `main`).
    public static func runAsMain() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
