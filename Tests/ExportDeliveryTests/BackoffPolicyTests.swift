import ExportCore
import Foundation
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test("exponential from initial, capped at maximum")
    func exponential() {
        let policy = BackoffPolicy(initial: .seconds(1), maximum: .seconds(300), multiplier: 2, maxAttempts: 8)
        #expect((1...10).map { policy.delay(afterAttempt: $0, retryAfter: nil) }
                == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300].map { Duration.seconds($0) })
        #expect(policy.delay(afterAttempt: 10_000, retryAfter: nil) == .seconds(300))
        #expect(BackoffPolicy(initial: .milliseconds(500), multiplier: 1.5).delay(afterAttempt: 3, retryAfter: nil)
                == .milliseconds(1125))
    }

    @Test("Retry-After wins, capped at maximum and never negative")
    func retryAfter() {
        let policy = BackoffPolicy(maximum: .seconds(60))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(30)) == .seconds(30))
        #expect(policy.delay(afterAttempt: 5, retryAfter: .seconds(3600)) == .seconds(60))
        #expect(policy.delay(afterAttempt: 5, retryAfter: .seconds(-5)) == .zero)
    }

    @Test("gives up after maxAttempts")
    func attempts() {
        let policy = BackoffPolicy(maxAttempts: 3)
        #expect([1, 2, 3].map(policy.shouldRetry(afterAttempt:)) == [true, true, false])
    }

    @Test("Retry-After: delta-seconds and the three HTTP-date forms")
    func parse() {
        let now = Date(timeIntervalSince1970: 1_445_412_400)  // Wed, 21 Oct 2015 07:26:40 GMT
        #expect(BackoffPolicy.parseRetryAfter("120", now: now) == .seconds(120))
        #expect(BackoffPolicy.parseRetryAfter(" 0 ", now: now) == .zero)
        #expect(BackoffPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(80))
        #expect(BackoffPolicy.parseRetryAfter("Wednesday, 21-Oct-15 07:28:00 GMT", now: now) == .seconds(80))
        #expect(BackoffPolicy.parseRetryAfter("Wed Oct 21 07:28:00 2015", now: now) == .seconds(80))
        #expect(BackoffPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
        #expect(BackoffPolicy.parseRetryAfter(nil, now: now) == nil)
        #expect(BackoffPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(BackoffPolicy.parseRetryAfter("-5", now: now) == nil)
    }
}
