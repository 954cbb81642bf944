/// A node of the security graph: a resource, a principal, or a synthetic node such as `internet`.
/// The vocabulary (kinds, insights) is in docs/graph.md.
public struct GraphNode: Codable, Sendable, Hashable {
    public var id: String
    public var kind: String
    public var label: String
    /// The account the node belongs to (`""` for `internet` and "any principal").
    public var account: String
    public var region: String
    /// What the graph learned about the node: internet-exposed (with ports), public, sensitive data, …
    public var insights: [NodeInsight]

    public init(id: String, kind: String, label: String, account: String = "", region: String = "",
                insights: [NodeInsight] = []) {
        self.id = id
        self.kind = kind
        self.label = label
        self.account = account
        self.region = region
        self.insights = insights
    }

    enum CodingKeys: String, CodingKey { case id, kind, label, account, region, insights }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(String.self, forKey: .kind)
        label = try c.decode(String.self, forKey: .label)
        account = try c.decodeIfPresent(String.self, forKey: .account) ?? ""
        region = try c.decodeIfPresent(String.self, forKey: .region) ?? ""
        insights = try c.decodeIfPresent([NodeInsight].self, forKey: .insights) ?? []
    }

    public func insight(_ kind: String) -> NodeInsight? { insights.first { $0.kind == kind } }
}

/// One fact about a node: `internet_exposed` ("tcp/22, tcp/443"), `sensitive_data` ("tag data-classification=restricted").
public struct NodeInsight: Codable, Sendable, Hashable {
    public var kind: String
    public var detail: String

    public init(kind: String, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// Why an edge exists: one route, NACL rule, security-group rule, policy statement, trust statement, listener,
/// instance profile, access key, … An edge holds every element that created it; the edge goes away only when
/// all of them are fixed.
public struct EdgeEvidence: Codable, Sendable, Hashable {
    /// `route`, `nacl_rule`, `sg_rule`, `eni`, `listener`, `policy_statement`, `resource_policy_statement`,
    /// `key_policy_statement`, `trust_statement`, `instance_profile`, `execution_role`, `access_key`, …
    public var kind: String
    /// The resource holding the element (route table, security group, policy ARN, role, bucket).
    public var source: String
    /// The element in words: `0.0.0.0/0 → igw-1`, `Statement[2] (Sid ReadData): s3:GetObject on arn:…/*`.
    public var detail: String
    /// What removes this element, as a stable fix id (see docs/graph.md § Fixes); nil when nothing short
    /// of deleting the resource does.
    public var fix: String?
    /// Checks of the benchmark whose failing finding on `source` is this element (their fix breaks the step).
    public var checks: [String]
    /// Elements with the same chain number form one chain that creates the edge together (internet gateway,
    /// route, NACL rules, security-group rule, address): fixing any one of them breaks that chain. The edge lasts
    /// while any chain is whole. An element without a chain number creates the edge on its own.
    public var chain: Int?

    public init(kind: String, source: String, detail: String, fix: String? = nil, checks: [String] = [],
                chain: Int? = nil) {
        self.kind = kind
        self.source = source
        self.detail = detail
        self.fix = fix
        self.checks = checks
        self.chain = chain
    }

    /// The edge's elements as chains: each chain is broken by fixing any of its elements.
    public static func chains(_ details: [EdgeEvidence]) -> [[EdgeEvidence]] {
        var grouped: [Int: [EdgeEvidence]] = [:]
        var out: [[EdgeEvidence]] = []
        for d in details {
            if let c = d.chain { grouped[c, default: []].append(d) } else { out.append([d]) }
        }
        return out + grouped.keys.sorted().map { grouped[$0]! }
    }

    /// Whether fixing `fixes` removes an edge with these elements: every chain has a fixed element.
    public static func broken(_ details: [EdgeEvidence], by fixes: Set<String>) -> Bool {
        !details.isEmpty && chains(details).allSatisfy { chain in chain.contains { $0.fix.map(fixes.contains) ?? false } }
    }
}

/// A directed, labelled relation (`exposed_to`, `has_role`, `can_assume`, `can_read`, `can_escalate`, …).
public struct GraphEdge: Codable, Sendable, Hashable {
    public var src: String
    public var dst: String
    public var kind: String
    /// Why the edge exists, in one line (the details are in `details`).
    public var evidence: String
    /// Every element that created the edge.
    public var details: [EdgeEvidence]
    /// Ports the edge carries traffic on (`tcp/22`, `tcp/80-443`, `all`); network edges only.
    public var ports: [String]
    /// The edge depends on request context the graph cannot decide (`aws:SourceIp`, `sts:ExternalId`); the
    /// conditions are listed in `conditions`. Paths through it are conditional.
    public var conditional: Bool
    public var conditions: [String]
    /// Privilege-escalation method (`iam:CreatePolicyVersion`) and the permissions that enabled it.
    public var method: String?
    public var permissions: [String]
    /// Set when part of the evidence could not be read or understood: the edge may or may not exist.
    public var unknown: String?

    public init(src: String, dst: String, kind: String, evidence: String, details: [EdgeEvidence] = [],
                ports: [String] = [], conditional: Bool = false, conditions: [String] = [], method: String? = nil,
                permissions: [String] = [], unknown: String? = nil) {
        self.src = src
        self.dst = dst
        self.kind = kind
        self.evidence = evidence
        self.details = details
        self.ports = ports
        self.conditional = conditional
        self.conditions = conditions
        self.method = method
        self.permissions = permissions
        self.unknown = unknown
    }

    enum CodingKeys: String, CodingKey {
        case src, dst, kind, evidence, details, ports, conditional, conditions, method, permissions, unknown
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        src = try c.decode(String.self, forKey: .src)
        dst = try c.decode(String.self, forKey: .dst)
        kind = try c.decode(String.self, forKey: .kind)
        evidence = try c.decode(String.self, forKey: .evidence)
        details = try c.decodeIfPresent([EdgeEvidence].self, forKey: .details) ?? []
        ports = try c.decodeIfPresent([String].self, forKey: .ports) ?? []
        conditional = try c.decodeIfPresent(Bool.self, forKey: .conditional) ?? false
        conditions = try c.decodeIfPresent([String].self, forKey: .conditions) ?? []
        method = try c.decodeIfPresent(String.self, forKey: .method)
        permissions = try c.decodeIfPresent([String].self, forKey: .permissions) ?? []
        unknown = try c.decodeIfPresent(String.self, forKey: .unknown)
    }
}

/// An entry point to a target through the graph, ranked by risk (docs/graph.md § Attack paths).
public struct AttackPath: Codable, Sendable, Hashable {
    /// Stable across scans: a hash of the entry, the target and the node/edge-kind sequence.
    public var id: String
    public var title: String
    public var risk: Severity
    public var nodes: [GraphNode]
    public var edges: [GraphEdge]
    /// `internet_exposed`, `public_access`, `leaked_credentials`, `any_principal_trust`.
    public var entryKind: String
    /// `account_admin`, `sensitive_data`, `secret`, `kms_key`, `privileged_role`, `data_store`.
    public var targetKind: String
    /// `internet_exposure`, `sensitive_data`, `privilege`, `vulnerabilities`, `lateral_movement`, `conditional`.
    public var riskFactors: [String]
    /// `data_exposure`, `account_takeover`, `credentials_exposure`, `compute_abuse`.
    public var riskCategory: String
    /// Some edge on the path depends on a condition the graph could not decide.
    public var conditional: Bool
    /// One per edge: what breaks that step.
    public var steps: [PathStep]
    public var lifecycle: FindingLifecycle
    public var firstSeen: Double?

    public init(id: String, title: String, risk: Severity, nodes: [GraphNode], edges: [GraphEdge],
                entryKind: String = "", targetKind: String = "", riskFactors: [String] = [], riskCategory: String = "",
                conditional: Bool = false, steps: [PathStep] = [], lifecycle: FindingLifecycle = .new,
                firstSeen: Double? = nil) {
        self.id = id
        self.title = title
        self.risk = risk
        self.nodes = nodes
        self.edges = edges
        self.entryKind = entryKind
        self.targetKind = targetKind
        self.riskFactors = riskFactors
        self.riskCategory = riskCategory
        self.conditional = conditional
        self.steps = steps
        self.lifecycle = lifecycle
        self.firstSeen = firstSeen
    }

    enum CodingKeys: String, CodingKey {
        case id, title, risk, nodes, edges, entryKind, targetKind, riskFactors, riskCategory, conditional, steps,
             lifecycle, firstSeen
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        risk = try c.decode(Severity.self, forKey: .risk)
        nodes = try c.decode([GraphNode].self, forKey: .nodes)
        edges = try c.decode([GraphEdge].self, forKey: .edges)
        entryKind = try c.decodeIfPresent(String.self, forKey: .entryKind) ?? ""
        targetKind = try c.decodeIfPresent(String.self, forKey: .targetKind) ?? ""
        riskFactors = try c.decodeIfPresent([String].self, forKey: .riskFactors) ?? []
        riskCategory = try c.decodeIfPresent(String.self, forKey: .riskCategory) ?? ""
        conditional = try c.decodeIfPresent(Bool.self, forKey: .conditional) ?? false
        steps = try c.decodeIfPresent([PathStep].self, forKey: .steps) ?? []
        lifecycle = try c.decodeIfPresent(FindingLifecycle.self, forKey: .lifecycle) ?? .new
        firstSeen = try c.decodeIfPresent(Double.self, forKey: .firstSeen)
    }

    public var entry: GraphNode? { nodes.first }
    public var target: GraphNode? { nodes.last }
}

/// What breaks one step of a path: the fixes (any one of the step's evidence fixes removes that element; the
/// step goes when all its elements are gone) and the failing findings that point at them.
public struct PathStep: Codable, Sendable, Hashable {
    public var fixes: [String]
    public var findings: [String]

    public init(fixes: [String], findings: [String]) {
        self.fixes = fixes
        self.findings = findings
    }
}
