import Shipper
import Testing

@Suite struct RenewalPolicyTests {
    @Test func dueWithLessThanAThirdLeft() {
        let policy = RenewalPolicy()
        // 90 days of validity: due when fewer than 30 days remain.
        let notBefore: Int64 = 1_000_000
        let notAfter = notBefore + 90 * 86_400
        #expect(!policy.isDue(notBefore: notBefore, notAfter: notAfter, now: notBefore + 59 * 86_400))
        #expect(policy.isDue(notBefore: notBefore, notAfter: notAfter, now: notBefore + 61 * 86_400))
        #expect(policy.isDue(notBefore: notBefore, notAfter: notAfter, now: notAfter + 1))
        #expect(policy.dueAt(notBefore: notBefore, notAfter: notAfter) == notBefore + 60 * 86_400)
    }

    @Test func configurableAndDisabled() {
        let half = RenewalPolicy(remainingFraction: 0.5)
        #expect(half.isDue(notBefore: 0, notAfter: 100, now: 51))
        #expect(!half.isDue(notBefore: 0, notAfter: 100, now: 49))
        let never = RenewalPolicy(remainingFraction: 0)
        #expect(!never.isDue(notBefore: 0, notAfter: 100, now: 99))
    }
}
