@testable import Registration
import Testing
import WireProtocol

@Suite("Registration rate limits")
struct RateLimitTests {
    @Test("a peer past its burst gets rate_limited until its bucket refills; other peers are unaffected")
    func perPeer() async throws {
        let clock = ManualClock()
        let configuration = RegistrarConfiguration(secret: RegistrationFixture.secret, perPeerLimit: RateLimit(burst: 2, perMinute: 1),
                                                   globalLimit: RateLimit(burst: 100, perMinute: 100))
        try await RegistrationFixture.with(configuration: configuration, clock: clock.read) { fixture async throws in
            // Wrong secrets count too: the limit is what stops guessing.
            let (bad, _) = try RegistrationFixture.request(secret: "not the secret at all")
            #expect(refusal(await fixture.registrar.register(bad, peerAddress: "10.1.1.1:5000"))?.code == .authenticationFailed)
            #expect(registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.1.1.1:5001")) != nil)

            let limited = refusal(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.1.1.1:5002"))
            #expect(limited?.code == .rateLimited)
            #expect(limited?.message.contains("from this peer") == true)
            #expect(limited?.message.contains("retry in 60 s") == true)
            // A refused attempt does not even look at the secret.
            #expect(refusal(await fixture.registrar.register(bad, peerAddress: "10.1.1.1:5003"))?.code == .rateLimited)

            #expect(registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.1.1.2:5000")) != nil)

            clock.advance(61)
            #expect(registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.1.1.1:5004")) != nil)
            #expect(try fixture.collectorCount() == 3)
        }
    }

    @Test("all peers together are limited by the global bucket")
    func global() async throws {
        let clock = ManualClock()
        let configuration = RegistrarConfiguration(secret: RegistrationFixture.secret, perPeerLimit: RateLimit(burst: 5, perMinute: 5),
                                                   globalLimit: RateLimit(burst: 3, perMinute: 6))
        try await RegistrationFixture.with(configuration: configuration, clock: clock.read) { fixture async throws in
            for peer in 1...3 {
                #expect(registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.2.0.\(peer):1")) != nil)
            }
            let limited = refusal(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.2.0.9:1"))
            #expect(limited?.code == .rateLimited)
            #expect(limited?.message.contains("on this backend") == true)
            clock.advance(10)
            #expect(registered(await fixture.registrar.register(try RegistrationFixture.request().0, peerAddress: "10.2.0.9:1")) != nil)
        }
    }

    @Test("the peer is its address without the port, whatever the notation")
    func peerNotations() {
        #expect(PeerAddress.host(of: "[IPv4]192.0.2.7/192.0.2.7:4433") == "192.0.2.7")
        #expect(PeerAddress.host(of: "[IPv4]/192.0.2.7:4433") == "192.0.2.7")
        #expect(PeerAddress.host(of: "192.0.2.7:4433") == "192.0.2.7")
        #expect(PeerAddress.host(of: "[2001:db8::1]:4433") == "2001:db8::1")
        #expect(PeerAddress.host(of: "[IPv6]::1/::1:4433") == "::1")
        #expect(PeerAddress.host(of: "2001:db8::1") == "2001:db8::1")
        #expect(PeerAddress.host(of: "unix-socket") == "unix-socket")
    }

    @Test("the table of peers is bounded; refilled peers are forgotten first")
    func boundedKeys() {
        let clock = ManualClock()
        let limiter = RateLimiter(perKey: RateLimit(burst: 1, perMinute: 60), global: RateLimit(burst: 1000, perMinute: 1000),
                                  maximumKeys: 3, clock: clock.read)
        for peer in 0..<3 { #expect(limiter.attempt("p\(peer)") == .allowed) }
        guard case .globallyLimited = limiter.attempt("p3") else {
            Issue.record("a fourth peer while three are limited must be refused")
            return
        }
        #expect(limiter.trackedKeys == 3)
        clock.advance(2)
        #expect(limiter.attempt("p3") == .allowed)
        #expect(limiter.trackedKeys == 1)
    }
}
