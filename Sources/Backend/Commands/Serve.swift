import ArgumentParser
import Logging

extension PganalyticsAPI {
    /// `pganalytics-api serve` (the default).
    public struct Serve: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Apply migrations, then run the ingest listener, the writers, the HTTP API and partition maintenance.",
            discussion: "SIGTERM or SIGINT stop it gracefully: in-flight batches are committed and acknowledged first.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var options: ServeOptions

        public init() {}

        /// The settings these flags and `environment` give.
        public func sources(environment: [String: String]) -> SettingSources {
            SettingSources(flags: database.flags.merging(options.flags) { flag, _ in flag }, environment: environment)
        }

        public func run() async throws {
            let signal = ShutdownSignal()
            let configuration: ServeConfiguration
            do {
                configuration = try ServeConfiguration(sources(environment: SettingSources.processEnvironment()))
            } catch {
                CommandOutput.error("configuration: \(error)")
                throw ExitCode(78)
            }
            let logger = CommandOutput.bootstrapLogging(level: configuration.logLevel)
            OpenFileLimit.raise(for: configuration.maxConnections, logger: logger)
            do {
                try await BackendService(configuration: configuration, registry: BackendMetrics.registry, logger: logger).run(until: signal)
            } catch {
                logger.critical("cannot serve: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
