import Ingest
import IngestTestSupport
import PostgresClient
import PostgresTestSupport
import Testing
import WireProtocol

@Suite(.serialized) struct IngestRoleTests {
    @Test func theIngestRoleCanWriteButNotCreate() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let parameters = database.parameters
            let writer = IngestWriter { () throws(PostgresError) in
                let connection = try PostgresConnection(parameters)
                try connection.execute("SET ROLE pganalytics_ingest")
                return connection
            }
            let result = try writer.write([
                IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad()),
                IngestRecord(collectorID: "c1", sequence: 2, batch: try TestBatches.statDatabase()),
            ])
            #expect(result.outcomes.map(\.status) == [.stored(rows: 1), .stored(rows: 1)])
            #expect(try database.scalar("SELECT committed_sequence FROM pganalytics.collectors") == 2)

            let connection = try database.connect()
            try connection.execute("SET ROLE pganalytics_ingest")
            for statement in ["CREATE TABLE pganalytics.intruder (x int)", "CREATE TABLE public.intruder (x int)",
                              "DROP TABLE pganalytics.host_load", "UPDATE pganalytics.collectors SET revoked = false",
                              "DELETE FROM pganalytics.host_load", "SELECT count(*) FROM pganalytics.host_load"] {
                #expect(throws: PostgresError.self, "\(statement)") { try connection.execute(statement) }
                #expect(connection.isConnected)
            }
        }
    }

    @Test func writersConnectingWithParametersRunAsTheIngestRole() throws {
        try IngestDatabase.with { database in
            try database.register(["c1"])
            let writer = IngestWriter(parameters: database.parameters)
            defer { writer.close() }
            let result = try writer.write([IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad())])
            #expect(result.outcomes.map(\.status) == [.stored(rows: 1)])
            let role = try writer.currentConnection?.query("SELECT current_user::text").rows.first?.first
            #expect(role == .text("pganalytics_ingest"))
            #expect(try database.scalar("SELECT count(*) FROM pganalytics.host_load") == 1)
        }
    }

    @Test func aDatabaseWithoutTheRolesGrantsKeepsTheLoginRole() throws {
        try IngestDatabase.with { database in
            let admin = try database.connect()
            defer { admin.close() }
            try admin.execute("REVOKE UPDATE (lost_records) ON pganalytics.collectors FROM pganalytics_ingest")
            let login = try #require(try admin.query("SELECT current_user::text").rows.first?.first)

            let connection = try database.connect()
            defer { connection.close() }
            #expect(.text(try IngestWriter.assumeIngestRole(connection)) == login)
            #expect(try connection.query("SELECT current_user::text").rows.first?.first == login)
        }
    }

    @Test func anUnmigratedDatabaseKeepsTheLoginRoleWithoutAnError() throws {
        try IngestDatabase.with(migrate: nil) { database in
            let connection = try database.connect()
            defer { connection.close() }
            let login = try #require(try connection.query("SELECT current_user::text").rows.first?.first)
            #expect(.text(try IngestWriter.assumeIngestRole(connection)) == login)
            #expect(connection.isConnected)
        }
    }

    @Test func aLoginRoleThatMayNotSetTheIngestRoleKeepsItsOwn() throws {
        try IngestDatabase.with { database in
            let admin = try database.connect()
            defer { admin.close() }
            let name = ScratchDatabase.randomName(prefix: "pga_login_")
            try admin.execute("CREATE ROLE \(name) LOGIN PASSWORD 'login-test'")
            defer { try? admin.execute("DROP OWNED BY \(name); DROP ROLE \(name)") }
            var parameters = database.parameters
            parameters.user = name
            parameters.password = "login-test"

            let connection = try IngestWriter.ingestConnection(parameters)
            defer { connection.close() }
            #expect(try connection.query("SELECT current_user::text").rows.first?.first == .text(name))
        }
    }

    /// The README's set-up: the schema owned by a `CREATEROLE` login, not a superuser. It
    /// migrates; its writers run as the ingest role where PostgreSQL lets it grant itself the
    /// role (15: any role; 16 and later only a role it created, and here a superuser created it).
    @Test func aCreateRoleOwnerMigratesAndWrites() throws {
        let cluster = try IngestDatabase.clusterParameters()
        let admin = try PostgresConnection(cluster)
        defer { admin.close() }
        let owner = ScratchDatabase.randomName(prefix: "pga_owner_")
        let name = ScratchDatabase.randomName(prefix: "pga_ingest_")
        try admin.execute("CREATE ROLE \(owner) LOGIN CREATEROLE PASSWORD 'owner-test'")
        defer { try? admin.execute("DROP ROLE \(owner)") }
        try ScratchDatabase.create(name, on: admin)
        defer { ScratchDatabase.drop(name, on: admin) }
        try admin.execute("ALTER DATABASE \(name) OWNER TO \(owner)")
        var parameters = cluster
        parameters.database = name
        parameters.user = owner
        parameters.password = "owner-test"
        let database = MigratedDatabase(parameters: parameters)

        let connection = try database.connect()
        try TestSchema.partitioned().prepare(connection)
        let version = try #require(try connection.query("SELECT current_setting('server_version_num')::int8").rows.first?.first)
        connection.close()
        try database.register(["c1"])

        let writer = IngestWriter(parameters: parameters)
        defer { writer.close() }
        let result = try writer.write([IngestRecord(collectorID: "c1", sequence: 1, batch: try TestBatches.hostLoad())])
        #expect(result.outcomes.map(\.status) == [.stored(rows: 1)])
        let role = try writer.currentConnection?.query("SELECT current_user::text").rows.first?.first
        guard case .int8(let number) = version else { Issue.record("server_version_num: \(version)"); return }
        #expect(role == .text(number < 160000 ? "pganalytics_ingest" : owner))
    }
}
