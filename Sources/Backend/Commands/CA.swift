import ArgumentParser

extension PganalyticsAPI {
    /// `pganalytics-api ca`.
    public struct CA: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "ca", abstract: "Manage the certificate authority that signs collectors' certificates.",
            subcommands: [Init.self])

        public init() {}
    }
}

extension PganalyticsAPI.CA {
    /// `pganalytics-api ca init`.
    public struct Init: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a new CA and the backend's server certificate, and print the settings that use them.",
            discussion: """
                Writes ca.crt, ca.key (mode 0600), server.crt (the server certificate and the CA) and \
                server.key (mode 0600) into --dir. Refuses to replace an existing CA unless --force: \
                every collector's certificate depends on it.
                """)

        @Option(name: .customLong("dir"), help: ArgumentHelp("Where to write the files.", valueName: "directory"))
        var directory: String = "/etc/pganalytics/ca"

        @Option(name: .customLong("hostname"),
                help: ArgumentHelp("A name or address collectors reach the backend by; repeat for several (default: this host's name, localhost, 127.0.0.1).", valueName: "name"))
        var hostnames: [String] = []

        @Flag(help: "Replace an existing CA (every collector must register again).")
        var force = false

        public init() {}

        public func run() async throws {
            let setup = CASetup(directory: directory, hostnames: hostnames.isEmpty ? CASetup.defaultHostnames() : hostnames, force: force)
            do {
                let lines = try setup.run()
                print("# CA and server certificate for \(setup.hostnames.joined(separator: ", ")) in \(directory)")
                print("# add these lines to the backend's environment (e.g. /etc/pganalytics/pganalytics-api.env):")
                lines.forEach { print($0) }
            } catch {
                CommandOutput.error("ca init: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
