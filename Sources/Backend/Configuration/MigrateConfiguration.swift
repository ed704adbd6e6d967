import Logging
import PostgresClient

/// What `pganalytics-api migrate` needs: the database and the log level.
public struct MigrateConfiguration: Sendable {
    public var database: ConnectionParameters
    public var logLevel: Logger.Level

    public init(_ sources: SettingSources) throws(ConfigurationError) {
        database = try DatabaseSetting.parameters(sources)
        logLevel = try sources.logLevel()
    }
}
