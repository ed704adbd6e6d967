import Foundation
import PostgresTestSupport
import Testing

@Suite("pganalytics binary", .serialized)
struct CLITests {
    @Test func helpReadsWell() throws {
        let outcome = try CLI.binary.run(["--help"])
        #expect(outcome.status == 0)
        for text in ["OVERVIEW:", "USAGE: pganalytics", "--config <file>", "--validate", "--dry-run", "--json", "--verbose",
                     "--version", "/etc/pganalytics/collector.toml", "PGANALYTICS_<SECTION>_<KEY>", "SIGHUP"] {
            #expect(outcome.stdout.contains(text), "help lacks \(text)")
        }
        #expect(outcome.stdout.split(separator: "\n").filter { !$0.hasPrefix("USAGE") }.allSatisfy { $0.count <= 80 }, "help wider than 80 columns")
    }

    @Test func version() throws {
        let outcome = try CLI.binary.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "1.0.0-dev\n")
    }

    @Test func conflictingFlagsAreUsageErrors() throws {
        let json = try CLI.binary.run(["--json"])
        #expect(json.status == 64)
        #expect(json.stderr.contains("--json goes with --dry-run"))
        let both = try CLI.binary.run(["--validate", "--dry-run"])
        #expect(both.status == 64)
    }

    @Test func invalidConfigurationNamesKeyAndLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try CLI.writeConfig("[collector]\ninterval = 60\n\n[postgres]\nport = \"5432\"\n", in: directory)
        for mode in [["--validate"], ["--dry-run"], []] {
            let outcome = try CLI.binary.run(["--config", path] + mode)
            #expect(outcome.status == 78)
            #expect(outcome.stderr.contains("INVALID: \(path) line 5: [postgres] port: expected an integer, found string"), "\(outcome.stderr)")
        }
        let missing = try CLI.binary.run(["--config", directory.appendingPathComponent("none.toml").path, "--validate"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("cannot read"))
    }

    @Test func configPathFromEnvironment() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try CLI.writeConfig("[bogus]\n", in: directory)
        let outcome = try CLI.binary.run(["--validate"], environment: ["PGANALYTICS_CONFIG": path])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("unknown section"))
    }

    @Test func validateReportsEveryFamily() throws {
        let pg = try PostgresTestEnvironment.childEnvironment()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try CLI.writeConfig("""
            [postgres]
            databases = ["\(pg["PGDATABASE"]!)"]
            [metrics]
            pg_locks = false
            [spool]
            dir = "\(directory.path)/spool"
            """, in: directory)
        let outcome = try CLI.binary.run(["--config", path, "--validate"], environment: pg)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("configuration \(path): valid"))
        #expect(outcome.stdout.contains("connected, PostgreSQL"))
        #expect(outcome.stdout.contains("pg_monitor: yes"))
        #expect(outcome.stdout.contains("extensions:"))
        #expect(outcome.stdout.contains("- pg_locks"))
        #expect(outcome.stdout.contains("not collected: disabled in the configuration"))
        #expect(outcome.stdout.contains("pg_wal_receiver") && outcome.stdout.contains("not a standby"))
        #expect(outcome.stdout.contains("+ host_cpu"))
        #expect(outcome.stdout.contains("OK: the configuration is valid and PostgreSQL is reachable"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/spool"), "--validate must not create the spool")
    }

    @Test func validateFailsWhenPostgresIsUnreachable() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try CLI.writeConfig("[postgres]\nhost = \"127.0.0.1\"\nport = 1\nconnect_timeout = 2\n", in: directory)
        let outcome = try CLI.binary.run(["--config", path, "--validate"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("NOT REACHABLE"))
        #expect(outcome.stdout.contains("FAILED: PostgreSQL is not reachable"))
    }

    @Test func dryRunPrintsTablesAndWritesNothing() throws {
        let pg = try PostgresTestEnvironment.childEnvironment()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try CLI.writeConfig("[spool]\ndir = \"\(directory.path)/spool\"\n", in: directory)
        let outcome = try CLI.binary.run(["--config", path, "--dry-run"], environment: pg)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        for family in ["pg_stat_database  (postgres:", "host_cpu  (host", "host_memory  (host", "collector_process  (host"] {
            #expect(outcome.stdout.contains(family), "missing \(family)")
        }
        #expect(outcome.stdout.contains("mem_available"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/spool"), "--dry-run must not create the spool")
    }

    @Test func dryRunJSONLines() throws {
        let pg = try PostgresTestEnvironment.childEnvironment()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try CLI.writeConfig("[spool]\ndir = \"\(directory.path)/spool\"\n", in: directory)
        let outcome = try CLI.binary.run(["--config", path, "--dry-run", "--json"], environment: pg)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        var families = Set<String>()
        for line in outcome.stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let family = try #require(object?["family"] as? String, "line without family: \(line)")
            families.insert(family)
            #expect(object?["time"] is String)
        }
        #expect(families.isSuperset(of: ["pg_cluster", "pg_stat_database", "host_cpu", "host_load", "host_memory", "collector_process"]))
    }
}
