import Shipper
import Testing

@Suite struct ShippingWindowTests {
    @Test func boundedByFrames() {
        var window = ShippingWindow(maxFrames: 3, maxBytes: 1_000)
        for sequence in 1...3 as ClosedRange<UInt64> {
            #expect(window.canSend(bytes: 10))
            window.sent(sequence: sequence, bytes: [UInt8](repeating: 0, count: 10))
        }
        #expect(!window.canSend(bytes: 10))
        #expect(window.roomFrames == 0)
        #expect(window.acknowledge(through: 1) == 1)
        #expect(window.canSend(bytes: 10))
    }

    @Test func boundedByBytes() {
        var window = ShippingWindow(maxFrames: 100, maxBytes: 250)
        window.sent(sequence: 1, bytes: [UInt8](repeating: 0, count: 100))
        window.sent(sequence: 2, bytes: [UInt8](repeating: 0, count: 100))
        #expect(window.bytesInFlight == 200)
        #expect(window.canSend(bytes: 50))
        #expect(!window.canSend(bytes: 51))
        #expect(window.roomBytes == 50)
        window.acknowledge(through: 2)
        #expect(window.isEmpty && window.bytesInFlight == 0)
    }

    @Test func oneFrameLargerThanTheWindowStillMoves() {
        var window = ShippingWindow(maxFrames: 10, maxBytes: 100)
        #expect(window.canSend(bytes: 5_000))
        window.sent(sequence: 7, bytes: [UInt8](repeating: 0, count: 5_000))
        #expect(!window.canSend(bytes: 1))
    }

    @Test func acknowledgeReleasesInOrderAndIgnoresOldAcks() {
        var window = ShippingWindow(maxFrames: 500, maxBytes: 1 << 20)
        for sequence in 10...209 as ClosedRange<UInt64> { window.sent(sequence: sequence, bytes: [1, 2, 3]) }
        #expect(window.acknowledge(through: 9) == 0)
        #expect(window.acknowledge(through: 109) == 100)
        #expect(window.acknowledge(through: 50) == 0)
        #expect(window.framesInFlight == 100)
        #expect(window.entry(sequence: 110)?.bytes == [1, 2, 3])
        #expect(window.entry(sequence: 109) == nil)
        #expect(window.lastSent == 209)
        #expect(window.acknowledge(through: 1_000) == 100)
        #expect(window.lastSent == nil)
    }

    @Test func backendLimitOnlyLowersTheByteBound() {
        var window = ShippingWindow(maxFrames: 10, maxBytes: 1_000)
        window.limitBytes(to: 5_000)
        #expect(window.maxBytes == 1_000)
        window.limitBytes(to: 300)
        #expect(window.maxBytes == 300)
        window.limitBytes(to: 0)
        #expect(window.maxBytes == 300)
    }
}
