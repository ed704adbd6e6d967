#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Collector
import Logging
import NIOCore
import NIOPosix
import Shipper
import Spool

/// `pganalytics`: the pgAnalytics collector.
@main
struct Pganalytics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pganalytics",
        abstract: "Sample PostgreSQL and this host, keep every sample in a crash-safe local spool, and ship it to the backend.",
        discussion: """
            Without a mode flag, pganalytics runs as a service: it samples each metric family on \
            its interval (aligned to the clock) and appends every batch to the spool before \
            anything else. SIGTERM or SIGINT stop it after the spool is synced; SIGHUP reloads \
            the configuration. When [backend] url is set, a shipper sends the spool to the \
            backend over mutual TLS next to the sampling, and deletes what the backend \
            acknowledged; enrol the collector first with `pganalytics register`.

            Settings come from the TOML file, overridden by PGANALYTICS_<SECTION>_<KEY> \
            environment variables (e.g. PGANALYTICS_POSTGRES_PASSWORD); libpq's PGHOST, PGPORT, \
            PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE and PGPASSFILE fill in [postgres] keys the \
            file leaves out. The file path may also come from PGANALYTICS_CONFIG.

            Examples:
              pganalytics --validate          check the file and PostgreSQL
              pganalytics --dry-run           print one round of samples as tables
              pganalytics --dry-run --json    the same as JSON lines
              pganalytics --config ./collector.toml --verbose
              pganalytics register --backend backend.example.com:8443 --ca-cert ca.crt

            Exit status: 0 success; 1 failure (--validate: PostgreSQL unreachable; --dry-run: a \
            family failed); 78 the configuration is invalid.
            """,
        version: CollectorVersion.current,
        subcommands: [RegisterCommand.self])

    @OptionGroup var global: GlobalOptions

    /// The configuration file in use.
    var config: String { global.path }

    @Flag(name: .customLong("validate"),
          help: "Check the configuration, connect to PostgreSQL, and print for each family whether it will be collected and if not why.")
    var validateOnly = false

    @Flag(name: .customLong("dry-run"), help: "Collect one round and print it; write nothing, ship nothing.")
    var dryRun = false

    @Flag(help: "With --dry-run: print JSON lines (one object per row) instead of tables.")
    var json = false

    @Flag(name: [.short, .long], help: "Log debug details.")
    var verbose = false

    func validate() throws {
        if validateOnly && dryRun { throw ValidationError("--validate and --dry-run are separate modes; choose one") }
        if json && !dryRun { throw ValidationError("--json goes with --dry-run") }
    }

    func run() throws {
        // Before any thread starts, so that the run loop's sigtimedwait receives the signals.
        SignalClock.blockSignals()
        let level: Logger.Level = verbose ? .debug : .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "pganalytics")

        let loaded: LoadedConfig
        do {
            loaded = try ConfigLoader.load(path: config)
        } catch {
            printError("configuration \(config): INVALID: \(error)")
            throw ExitCode(78)
        }

        if validateOnly {
            let samplers = SamplerSet.make(config: loaded.config)
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let backend = ShippingSetup.validationLines(loaded.config, now: Int64(now.tv_sec))
            let ok = ValidationReport.run(loaded: loaded, samplers: samplers, extra: backend) { print($0) }
            throw ExitCode(ok ? 0 : 1)
        }
        for warning in loaded.warnings { logger.warning("\(warning)") }
        if dryRun {
            let setup = RunSetup(config: loaded.config, samplers: SamplerSet.make(config: loaded.config))
            let ok = DryRun.run(setup: setup, json: json) { print($0) }
            throw ExitCode(ok ? 0 : 1)
        }
        try runService(loaded, logger: logger)
    }

    private func runService(_ loaded: LoadedConfig, logger: Logger) throws {
        let shipping: ShipperConfiguration?
        do {
            shipping = try ShippingSetup.configuration(loaded.config)
        } catch {
            printError("configuration \(config): INVALID: \(error)")
            throw ExitCode(78)
        }
        let settings = loaded.config.spool
        let spool: Spool
        do {
            spool = try Spool.open(directory: settings.directory, options: settings.options)
        } catch {
            logger.critical("cannot open the spool", metadata: ["directory": "\(settings.directory)", "error": "\(error)"])
            throw ExitCode.failure
        }
        if !spool.recovery.problems.isEmpty {
            logger.warning("spool recovered", metadata: ["problems": "\(spool.recovery.problems)"])
        }
        let path = config
        let setup = RunSetup(config: loaded.config, samplers: SamplerSet.make(config: loaded.config))
        let runner = CollectorRunner(setup: setup, spool: spool, clock: SignalClock(), logger: logger, reloader: {
            let next = try ConfigLoader.load(path: path)
            for warning in next.warnings { logger.warning("\(warning)") }
            return RunSetup(config: next.config, samplers: SamplerSet.make(config: next.config))
        })
        logger.info("pganalytics \(CollectorVersion.current) starting", metadata: [
            "config": "\(path)", "spool": "\(settings.directory)", "next_sequence": "\(spool.nextSequence)",
            "backend": "\(shipping.map { "\($0.backend)" } ?? "none: collecting only")",
        ])
        let shipper = shipping.map { configuration in
            for notice in ShippingSetup.notices(loaded.config, configuration) { logger.notice("\(notice)") }
            return ShipperRun(configuration: configuration, spool: spool, logger: Logger(label: "pganalytics.shipper"))
        }
        runner.spoolDidChange = { shipper?.spoolChanged($0) }
        runner.willStop = { shipper?.stop() }
        do {
            try runner.run()
        } catch {
            shipper?.stop()
            logger.critical("stopping: the spool cannot be written", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }

    private func printError(_ message: String) {
        var standardError = StandardError()
        print("pganalytics: \(message)", to: &standardError)
    }
}

/// Options of `pganalytics` that its subcommands read too.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "The configuration file (default: $PGANALYTICS_CONFIG, else \(ConfigLoader.defaultPath)).", valueName: "file"))
    var config: String?

    /// `--config`, else `PGANALYTICS_CONFIG`, else the default path.
    var path: String { config ?? ProcessEnvironment.current()["PGANALYTICS_CONFIG"] ?? ConfigLoader.defaultPath }
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        let bytes = Array(string.utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
