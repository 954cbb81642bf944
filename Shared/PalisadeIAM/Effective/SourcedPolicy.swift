/// A policy document and where it came from, so every decision can name the statement behind it.
public struct SourcedPolicy: Sendable, Hashable {
    /// Managed policy ARN, or `<principal or resource ARN>#inline/<name>` / `#resource-policy` / `#trust`.
    public var source: String
    public var name: String
    public var document: PolicyDocument

    public init(source: String, name: String, document: PolicyDocument) {
        self.source = source
        self.name = name
        self.document = document
    }
}

/// One statement of one policy: the evidence an edge carries.
public struct StatementRef: Sendable, Hashable {
    public var source: String
    public var policyName: String
    public var index: Int
    public var sid: String?
    public var effect: PolicyEffect

    public init(source: String, policyName: String, index: Int, sid: String?, effect: PolicyEffect) {
        self.source = source
        self.policyName = policyName
        self.index = index
        self.sid = sid
        self.effect = effect
    }

    /// `AppAccess Statement[2] (Sid ReadData)`.
    public var label: String {
        "\(policyName) Statement[\(index)]" + (sid.map { " (Sid \($0))" } ?? "")
    }
}

/// Everything that decides what one principal may do: identity policies (inline, attached managed, and those of
/// its groups), its permission boundary, and the SCPs above its account (one list per level of the organization,
/// root first; each level must allow).
public struct PrincipalPolicies: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case user, role, group, root, service, anonymous, external }
    public var arn: String
    public var account: String
    public var kind: Kind
    public var identity: [SourcedPolicy]
    public var boundary: SourcedPolicy?
    public var scps: [[SourcedPolicy]]
    /// What is known about this principal's requests (e.g. an instance-profile session carries no MFA:
    /// `aws:MultiFactorAuthPresent` = false; `aws:PrincipalArn`, `aws:PrincipalAccount`).
    public var context: RequestContext

    public init(arn: String, account: String, kind: Kind, identity: [SourcedPolicy] = [], boundary: SourcedPolicy? = nil,
                scps: [[SourcedPolicy]] = [], context: RequestContext = RequestContext()) {
        self.arn = arn
        self.account = account
        self.kind = kind
        self.identity = identity
        self.boundary = boundary
        self.scps = scps
        self.context = context
    }
}

/// The resource side of a request: its ARN, owning account and resource-based policy, and how that kind of
/// resource treats identity policies.
public struct ResourceSide: Sendable, Hashable {
    public enum Rules: Sendable, Hashable {
        /// Identity and resource policies are a union in the same account (S3, Secrets Manager, SQS, SNS, Lambda).
        case standard
        /// KMS: identity policies count only when the key policy enables IAM (allows the account root).
        case kmsKey
        /// S3 with Block Public Access: public grants are ignored when `restrictPublicBuckets` holds.
        case s3(restrictPublicBuckets: Bool)
        /// No resource policy exists for this kind (IAM users, EC2, …).
        case identityOnly
    }

    public var arn: String
    public var account: String
    public var policy: SourcedPolicy?
    public var rules: Rules
    /// S3 bucket ACL grants (only the AllUsers / AuthenticatedUsers groups are evaluated).
    public var aclGrants: [ACLGrant]
    /// S3 Block Public Access `IgnorePublicAcls` (bucket or account level): public ACL grants count for nothing.
    public var ignorePublicAcls: Bool
    /// The resource-based policy could not be read or parsed: a decision that would rest on it says so.
    public var policyUnknown: String?

    public init(arn: String, account: String, policy: SourcedPolicy? = nil, rules: Rules = .standard,
                aclGrants: [ACLGrant] = [], ignorePublicAcls: Bool = false, policyUnknown: String? = nil) {
        self.arn = arn
        self.account = account
        self.policy = policy
        self.rules = rules
        self.aclGrants = aclGrants
        self.ignorePublicAcls = ignorePublicAcls
        self.policyUnknown = policyUnknown
    }
}

/// The outcome of `EffectiveAccess.decide`: allowed or not, conditionally or not, and the statements behind it.
public struct AccessDecision: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case allowed
        /// Allowed only if conditions the configuration cannot decide hold (`conditions` says which).
        case conditional
        case explicitDeny
        case implicitDeny
    }

    public var outcome: Outcome
    /// The Allow statements that grant it (identity and/or resource policy).
    public var grants: [StatementRef]
    /// The Deny statements that block it (explicitDeny), or that might (conditional).
    public var denies: [StatementRef]
    /// Undecided condition clauses, rendered (`StringEquals sts:ExternalId = [abc]`).
    public var conditions: [String]
    /// Why, in one line (names the layer that decided: SCP, boundary, key policy, block public access, …).
    public var reason: String

    public init(outcome: Outcome, grants: [StatementRef] = [], denies: [StatementRef] = [], conditions: [String] = [],
                reason: String = "") {
        self.outcome = outcome
        self.grants = grants
        self.denies = denies
        self.conditions = conditions
        self.reason = reason
    }

    public var isAllowed: Bool { outcome == .allowed || outcome == .conditional }
}
