import Ingest
import PostgresClient
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
}
