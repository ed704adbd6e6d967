import PostgresClient

/// `[postgres]`: how to reach the monitored server. Unset fields fall back to libpq's defaults.
public struct PostgresSettings: Hashable, Sendable {
    public static let sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    public var host: String?
    public var port: Int?
    public var user: String?
    public var password: String?
    /// Databases to sample; cluster-wide families are sampled once, per-database ones in each.
    public var databases = ["postgres"]
    /// One of `sslModes`.
    public var sslMode: String?
    /// A `.pgpass`-format file (also `PGPASSFILE`); libpq looks the password up in it.
    public var passwordFile: String?
    /// The server's data directory, for `host_filesystem`; asked from the server when unset.
    public var dataDirectory: String?
    /// Seconds to wait for a connection.
    public var connectTimeout = 5

    public init() {}

    /// libpq parameters for one of `databases`.
    public func connectionParameters(database: String) -> ConnectionParameters {
        ConnectionParameters(
            host: host, port: port, user: user, password: password, database: database,
            sslMode: sslMode, passFile: passwordFile, applicationName: "pganalytics",
            connectTimeoutSeconds: connectTimeout)
    }
}
