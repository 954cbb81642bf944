import Foundation

/// A token bucket: `rate` calls per second on average, bursts of up to `burst`. Pure: the caller passes the
/// time and sleeps for the delay `reserve` returns. Tokens may go negative: each reservation queues behind
/// the ones before it, so concurrent callers are spaced out instead of stampeding when the bucket refills.
public struct TokenBucket: Sendable, Hashable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var updated: Duration

    public init(rate: Double, burst: Double, now: Duration = .zero) {
        self.rate = max(rate, 0.001)
        self.burst = max(burst, 1)
        self.tokens = self.burst
        self.updated = now
    }

    /// Takes one token; returns how long to wait before the call may go (zero when a token was there).
    public mutating func reserve(now: Duration) -> Duration {
        let elapsed = max(0, Double((now - updated).components.seconds)
            + Double((now - updated).components.attoseconds) / 1e18)
        tokens = min(burst, tokens + elapsed * rate)
        updated = max(updated, now)
        tokens -= 1
        guard tokens < 0 else { return .zero }
        return .nanoseconds(Int64((-tokens / rate) * 1e9))
    }
}

/// Call rates per AWS service (calls/s, applied per service × region). Unlisted services use `defaultRate`.
/// The defaults sit under AWS's documented steady-state limits for the read APIs a scan uses.
public struct AWSRateLimits: Sendable, Hashable {
    public var defaultRate: Double
    public var rates: [String: Double]
    /// How many HTTP requests one account scan keeps in flight at most.
    public var maxInFlight: Int

    public init(defaultRate: Double = 50, rates: [String: Double] = AWSRateLimits.awsDefaults, maxInFlight: Int = 16) {
        self.defaultRate = defaultRate
        self.rates = rates
        self.maxInFlight = max(1, maxInFlight)
    }

    public static let awsDefaults: [String: Double] = [
        "iam": 15, "sts": 20, "ec2": 50, "s3": 100, "organizations": 5, "cloudtrail": 10, "kms": 50,
        "rds": 20, "logs": 10, "monitoring": 20, "lambda": 15, "elasticloadbalancing": 10, "eks": 10,
        "ecr": 20, "ecs": 20, "dynamodb": 20, "secretsmanager": 20, "sns": 20, "sqs": 20, "route53": 5,
        "config": 10, "guardduty": 10, "securityhub": 10,
    ]

    /// No limit worth the name: for tests and benchmarks against a local server.
    public static let unlimited = AWSRateLimits(defaultRate: 1_000_000, rates: [:], maxInFlight: 64)

    public func rate(for service: String) -> Double { rates[service] ?? defaultRate }

    /// Parses `service=rate` pairs (`iam=5,ec2=20`) over these limits; `*=N` sets the default.
    public func overriding(_ spec: String) throws -> AWSRateLimits {
        var limits = self
        for pair in spec.split(separator: ",") where !pair.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Double(parts[1]), value > 0 else {
                throw AWSError(code: "connector.aws.rates.invalid",
                               message: "rate '\(pair)' is not service=calls-per-second (e.g. iam=5,ec2=20)")
            }
            if parts[0] == "*" { limits.defaultRate = value } else { limits.rates[parts[0]] = value }
        }
        return limits
    }
}
