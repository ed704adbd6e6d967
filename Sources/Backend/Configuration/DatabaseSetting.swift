import PostgresClient

/// DATABASE_URL: a `postgres://` URL or a libpq `key=value` connection string.
enum DatabaseSetting {
    static func parameters(_ sources: SettingSources) throws(ConfigurationError) -> ConnectionParameters {
        let url = try sources.required(.databaseURL, "the backend stores everything in PostgreSQL, e.g. postgres://pganalytics:secret@db.example.com:5432/pganalytics")
        let lowered = url.lowercased()
        guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") || url.contains("=") else {
            throw ConfigurationError(.databaseURL, "is neither a postgres:// URL nor a key=value connection string")
        }
        return ConnectionParameters(url: url, applicationName: "pganalytics-api", connectTimeoutSeconds: 5,
                                    statementTimeoutMilliseconds: 60_000, lockTimeoutMilliseconds: 10_000)
    }
}
