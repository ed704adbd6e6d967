/// How to reach one PostgreSQL database, in libpq's keyword/value terms.
///
/// Unset fields fall back to libpq's defaults and environment (`PGHOST`, `PGPORT`, ...). A `url`
/// (`postgres://user:secret@host:5432/db?sslmode=require`) is expanded first; fields set here
/// override what it says.
public struct ConnectionParameters: Hashable, Sendable {
    public var url: String?
    public var host: String?
    public var port: Int?
    public var user: String?
    public var password: String?
    public var database: String?
    /// `disable`, `allow`, `prefer`, `require`, `verify-ca` or `verify-full`.
    public var sslMode: String?
    /// A `.pgpass` file to look passwords up in.
    public var passFile: String?
    /// Shown in `pg_stat_activity.application_name`.
    public var applicationName: String
    /// Seconds to wait for the connection (libpq rounds values below 2 up to 2).
    public var connectTimeoutSeconds: Int
    /// `statement_timeout` set on every new session, in milliseconds; 0 leaves the server's value.
    public var statementTimeoutMilliseconds: Int
    /// `lock_timeout` set on every new session, in milliseconds; 0 leaves the server's value.
    public var lockTimeoutMilliseconds: Int

    public init(
        url: String? = nil, host: String? = nil, port: Int? = nil, user: String? = nil,
        password: String? = nil, database: String? = nil, sslMode: String? = nil, passFile: String? = nil,
        applicationName: String = "pganalytics", connectTimeoutSeconds: Int = 5,
        statementTimeoutMilliseconds: Int = 10_000, lockTimeoutMilliseconds: Int = 1_000
    ) {
        self.url = url
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.passFile = passFile
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
    }

    /// Keyword/value pairs for `PQconnectdbParams` with `expand_dbname` on; later pairs win, so
    /// the URL comes first.
    var keywordValues: [(String, String)] {
        var pairs: [(String, String)] = []
        if let url { pairs.append(("dbname", url)) }
        if let host { pairs.append(("host", host)) }
        if let port { pairs.append(("port", String(port))) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if let database { pairs.append(("dbname", database)) }
        if let sslMode { pairs.append(("sslmode", sslMode)) }
        if let passFile { pairs.append(("passfile", passFile)) }
        pairs.append(("application_name", applicationName))
        pairs.append(("connect_timeout", String(connectTimeoutSeconds)))
        return pairs
    }

    /// The session settings run once after connecting.
    var sessionSetup: String? {
        var statements: [String] = []
        if statementTimeoutMilliseconds > 0 { statements.append("SET statement_timeout = \(statementTimeoutMilliseconds)") }
        if lockTimeoutMilliseconds > 0 { statements.append("SET lock_timeout = \(lockTimeoutMilliseconds)") }
        return statements.isEmpty ? nil : statements.joined(separator: "; ")
    }

    /// Where this connects, without secrets, for logs.
    public var displayName: String {
        let target = [host.map { "host=\($0)" }, port.map { "port=\($0)" }, database.map { "dbname=\($0)" }]
            .compactMap { $0 }.joined(separator: " ")
        if url != nil { return target.isEmpty ? "url" : "url " + target }
        return target.isEmpty ? "defaults" : target
    }
}
