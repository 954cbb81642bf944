import Foundation

/// One accepted risk: which findings it mutes (`match`), why, who owns it, and until when.
///
/// An immutable class rather than a struct: `match` returns a rule for every muted finding of a scan, and
/// handing out a reference costs one retain where copying a struct of a dozen strings and arrays costs a
/// dozen (measured: about a third of the matching time).
public final class MuteRule: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// Unique within the file, `[a-z0-9-]+`; recorded on every finding the rule mutes.
    public let id: String
    public let reason: String
    public let owner: String
    /// The first instant the rule no longer applies: it mutes while `now < expires`. A date `2027-03-31` in
    /// the file means the whole of that day UTC, i.e. `expires` = 2027-04-01T00:00:00Z.
    public let expires: Date
    /// `expires` as written in the file (`2027-03-31` or `2027-03-31T18:00:00Z`), for listings.
    public let expiresText: String
    public let match: MuteMatch
    /// Where the rule starts in its file (1-based; 0 when built in code).
    public let line: Int

    public init(id: String, reason: String, owner: String, expires: Date, expiresText: String? = nil,
                match: MuteMatch, line: Int = 0)
    {
        self.id = id
        self.reason = reason
        self.owner = owner
        self.expires = expires
        self.expiresText = expiresText ?? MuteExpiry.format(expires)
        self.match = match
        self.line = line
    }

    /// Whether the rule has lapsed at `now` (it then mutes nothing; the findings re-open).
    @inline(__always)
    public func isExpired(at now: Date) -> Bool { now >= expires }

    /// Whether the rule mutes `subject` at `now`: not expired and every criterion matches.
    @inline(__always)
    public func mutes(_ subject: MuteSubject, now: Date) -> Bool {
        !isExpired(at: now) && match.matches(subject)
    }

    /// For a finding's reason: `muted by office-bastion-ssh (alice@example.com, until 2027-03-31): Bastion …`.
    public var findingReason: String { "muted by \(id) (\(owner), until \(expiresText)): \(reason)" }

    /// `office-bastion-ssh (alice@example.com, until 2027-03-31): check=… account=…`, for listings.
    public var description: String { "\(id) (\(owner), until \(expiresText)): \(match)" }

    public static func == (a: MuteRule, b: MuteRule) -> Bool {
        a === b || (a.id == b.id && a.reason == b.reason && a.owner == b.owner && a.expires == b.expires
            && a.expiresText == b.expiresText && a.match == b.match && a.line == b.line)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(expires)
        hasher.combine(match)
    }
}

/// The criteria of a rule: every given field must match (AND); a field's list of patterns is an OR.
public struct MuteMatch: Sendable, Hashable, CustomStringConvertible {
    /// One tag criterion: the key must exist and its value match.
    public struct Tag: Sendable, Hashable {
        public var key: String
        public var value: MutePatterns
        public init(key: String, value: MutePatterns) {
            self.key = key
            self.value = value
        }
    }

    public var provider: MutePatterns?
    public var account: MutePatterns?
    public var region: MutePatterns?
    public var check: MutePatterns?
    /// Matched against the resource id (the ARN).
    public var resource: MutePatterns?
    public var resourceName: MutePatterns?
    public var resourceType: MutePatterns?
    public var tags: [Tag]

    public init(provider: MutePatterns? = nil, account: MutePatterns? = nil, region: MutePatterns? = nil,
                check: MutePatterns? = nil, resource: MutePatterns? = nil, resourceName: MutePatterns? = nil,
                resourceType: MutePatterns? = nil, tags: [Tag] = [])
    {
        self.provider = provider
        self.account = account
        self.region = region
        self.check = check
        self.resource = resource
        self.resourceName = resourceName
        self.resourceType = resourceType
        self.tags = tags
    }

    /// The field criteria in the order they are evaluated (cheap, selective fields first).
    var fields: [(name: String, patterns: MutePatterns, value: @Sendable (MuteSubject) -> String)] {
        var out: [(String, MutePatterns, @Sendable (MuteSubject) -> String)] = []
        if let p = check { out.append(("check", p, { $0.checkID })) }
        if let p = account { out.append(("account", p, { $0.account })) }
        if let p = provider { out.append(("provider", p, { $0.provider })) }
        if let p = region { out.append(("region", p, { $0.region })) }
        if let p = resourceType { out.append(("resourceType", p, { $0.resourceType })) }
        if let p = resourceName { out.append(("resourceName", p, { $0.resourceName })) }
        if let p = resource { out.append(("resource", p, { $0.resourceID })) }
        return out.map { (name: $0.0, patterns: $0.1, value: $0.2) }
    }

    /// No criterion at all, or only criteria that match every value or merely name the provider: the rule
    /// would mute everything (in a one-cloud deployment `provider: aws` is everything).
    public var matchesEverything: Bool {
        tags.isEmpty && fields.allSatisfy { $0.name == "provider" || $0.patterns.matchesEverything }
    }

    /// Whether every criterion matches `subject` (expiry not considered).
    public func matches(_ s: MuteSubject) -> Bool {
        // Optional chaining and index loops borrow the patterns; `if let` / `for in` would copy (and retain)
        // them for every finding.
        if check?.matches(s.checkID) == false { return false }
        if account?.matches(s.account) == false { return false }
        if provider?.matches(s.provider) == false { return false }
        if region?.matches(s.region) == false { return false }
        if resourceType?.matches(s.resourceType) == false { return false }
        if resourceName?.matches(s.resourceName) == false { return false }
        if resource?.matches(s.resourceID) == false { return false }
        if tags.isEmpty { return true }
        return tags.withUnsafeBufferPointer { buffer in
            for k in buffer.indices {
                guard let v = s.tags[buffer[k].key], buffer[k].value.matches(v) else { return false }
            }
            return true
        }
    }

    /// `check=exact:"a" account=exact:"1" tags.env=glob:"dev*"`, for listings.
    public var description: String {
        (fields.map { "\($0.name)=\($0.patterns)" } + tags.map { "tags.\($0.key)=\($0.value)" })
            .joined(separator: " ")
    }
}
