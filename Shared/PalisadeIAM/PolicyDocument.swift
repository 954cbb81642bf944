import PalisadeModel

/// A parsed IAM policy document (identity, resource or trust policy).
public struct PolicyDocument: Sendable, Hashable {
    public var version: String?
    public var id: String?
    public var statements: [PolicyStatement]

    public init(version: String? = "2012-10-17", id: String? = nil, statements: [PolicyStatement]) {
        self.version = version
        self.id = id
        self.statements = statements
    }
}

public enum PolicyEffect: String, Sendable, Hashable {
    case allow = "Allow"
    case deny = "Deny"
}

/// `Action` or `NotAction` (same shape for `Resource`/`NotResource`): a list of wildcard patterns,
/// either the ones the statement covers or the ones it covers everything *except*.
public enum PatternList: Sendable, Hashable {
    case only([String])
    case except([String])

    public var patterns: [String] {
        switch self {
        case .only(let p), .except(let p): return p
        }
    }
}

/// `Principal` or `NotPrincipal`.
public enum PrincipalSpec: Sendable, Hashable {
    /// `"Principal": "*"`: everyone, authenticated or not.
    case anyone
    /// `{"AWS": [...], "Service": [...], "Federated": [...], "CanonicalUser": [...]}`.
    case specific([String: [String]])

    /// True for `"*"` and for an `AWS` entry that holds `"*"` (`{"AWS": "*"}` also means everyone).
    public var includesEveryone: Bool {
        switch self {
        case .anyone: return true
        case .specific(let map): return map["AWS"]?.contains("*") ?? false
        }
    }
}

/// One condition clause: `"StringEquals": {"aws:SourceVpce": ["vpce-1"]}` gives one clause per key.
public struct ConditionClause: Sendable, Hashable {
    /// The operator as written (`StringLikeIfExists`, `ForAnyValue:StringEquals`).
    public var op: String
    /// The context key as written (`aws:SourceIp`); compare case-insensitively.
    public var key: String
    /// The values, rendered as strings (booleans as `true`/`false`, numbers as written).
    public var values: [String]

    public init(op: String, key: String, values: [String]) {
        self.op = op
        self.key = key
        self.values = values
    }
}

public struct PolicyStatement: Sendable, Hashable {
    public var sid: String?
    public var effect: PolicyEffect
    /// `nil` never happens for a parsed statement; kept non-optional by the parser.
    public var actions: PatternList
    /// `nil` when the statement names no resource (resource and trust policies imply their own).
    public var resources: PatternList?
    /// `.only` for `Principal`, `.except` semantics via `notPrincipal`; `nil` for identity policies.
    public var principal: PrincipalSpec?
    public var notPrincipal: PrincipalSpec?
    public var conditions: [ConditionClause]

    public init(
        sid: String? = nil, effect: PolicyEffect, actions: PatternList, resources: PatternList?,
        principal: PrincipalSpec? = nil, notPrincipal: PrincipalSpec? = nil, conditions: [ConditionClause] = []
    ) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.resources = resources
        self.principal = principal
        self.notPrincipal = notPrincipal
        self.conditions = conditions
    }
}
