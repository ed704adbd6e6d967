import MetricsTestKit
import Testing
import WireProtocol

/// The listener's and the writers' instruments, read from a test metrics factory.
@Suite struct MetricsTests {
    @Test func connectionsFramesRowsErrorsAndTimingsAreCounted() async throws {
        let metrics = TestMetrics()
        try await withServer(metrics: metrics) { server in
            let id = uniqueCollectorID("metrics")
            try server.database.register(id)
            let (client, _) = try await server.establish(id)
            #expect(try metrics.expectGauge("pga_ingest_connections").lastValue == 1)
            client.send(TestBatch.message(1, rows: 2), TestBatch.message(2, rows: 2))
            try await client.awaitAck(2)
            // 3 and 4 skipped: lost.
            client.send(TestBatch.message(5, rows: 2))
            try await client.awaitAck(5)

            #expect(try metrics.expectCounter("pga_ingest_connections_total").totalValue == 1)
            #expect(try metrics.expectCounter("pga_ingest_frames_received_total", [("type", "hello")]).totalValue == 1)
            #expect(try metrics.expectCounter("pga_ingest_frames_received_total", [("type", "batch")]).totalValue == 3)
            #expect(try metrics.expectCounter("pga_ingest_frames_sent_total", [("type", "welcome")]).totalValue == 1)
            #expect(try metrics.expectCounter("pga_ingest_frames_sent_total", [("type", "ack")]).totalValue >= 2)
            #expect(try metrics.expectCounter("pga_ingest_rows_total", [("family", "host_load")]).totalValue == 6)
            #expect(try metrics.expectCounter("pga_ingest_bytes_total", [("family", "host_load")]).totalValue > 6 * 40)
            #expect(try metrics.expectCounter("pga_ingest_lost_records_total").totalValue == 2)
            #expect(try !metrics.expectTimer("pga_ingest_copy_duration_seconds").values.isEmpty)
            #expect(try !metrics.expectTimer("pga_ingest_transaction_duration_seconds").values.isEmpty)

            client.sendRaw([0x50, 0x41] + [UInt8](repeating: 0, count: 30))
            let error = try #require(try await client.nextError())
            #expect(error.code == .malformedFrame)
            try await client.awaitClose()
            #expect(try metrics.expectCounter("pga_ingest_errors_total", [("code", "malformed_frame")]).totalValue == 1)
            try await eventually("the gauge to drop") { try metrics.expectGauge("pga_ingest_connections").lastValue == 0 }
        }
    }
}
