import ArgumentParser
import Ingest
import Logging

extension PganalyticsAPI {
    /// `pganalytics-api migrate`.
    public struct Migrate: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Apply the schema migrations to DATABASE_URL and exit.",
            discussion: "Safe to run while backends are serving and from several hosts at once; serve also migrates at start.")

        @OptionGroup var database: DatabaseOptions

        public init() {}

        public func run() async throws {
            let configuration: MigrateConfiguration
            do {
                configuration = try MigrateConfiguration(SettingSources(flags: database.flags, environment: SettingSources.processEnvironment()))
            } catch {
                CommandOutput.error("configuration: \(error)")
                throw ExitCode(78)
            }
            let logger = CommandOutput.bootstrapLogging(level: configuration.logLevel)
            do {
                try await SchemaSetup(database: configuration.database, logger: logger, attempts: 1).migrate()
            } catch {
                CommandOutput.error("\(error)")
                throw ExitCode.failure
            }
            let version = StandardMigrations.all().last?.version ?? 0
            print("schema at version \(version)")
        }
    }
}
