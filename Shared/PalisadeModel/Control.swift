/// A security control of the Palisade benchmark: a group of checks with Defender-style max points.
public struct Control: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var maxPoints: Int

    public init(id: String, name: String, maxPoints: Int) {
        self.id = id
        self.name = name
        self.maxPoints = maxPoints
    }
}

/// Remediation for a check: prose, an AWS CLI fix and a Terraform fix.
public struct Remediation: Codable, Sendable, Hashable {
    public var text: String
    public var cli: String
    public var terraform: String

    public init(text: String, cli: String = "", terraform: String = "") {
        self.text = text
        self.cli = cli
        self.terraform = terraform
    }
}

/// What a check says about itself (the expression lives in PalisadeRules).
///
/// `evaluator` says who decides it: the assessor, with the check's expression (`expression`), or the security graph
/// (`graph`, with `graph` naming the rule; the graph service sends its verdicts back as findings of the benchmark).
public struct CheckMetadata: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var severity: Severity
    public var resourceType: String
    public var controlID: String
    public var rationale: String
    public var remediation: Remediation
    /// `STANDARD:REQUIREMENT`, e.g. `cis-aws-3.0:1.10`.
    public var standards: [String]
    public var evaluator: CheckEvaluator
    /// For `evaluator: graph`: what the graph decides.
    public var graph: GraphRule?

    public init(
        id: String, title: String, severity: Severity, resourceType: String, controlID: String, rationale: String,
        remediation: Remediation, standards: [String], evaluator: CheckEvaluator = .expression, graph: GraphRule? = nil
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.resourceType = resourceType
        self.controlID = controlID
        self.rationale = rationale
        self.remediation = remediation
        self.standards = standards
        self.evaluator = evaluator
        self.graph = graph
    }

    enum CodingKeys: String, CodingKey {
        case id, title, severity, resourceType, controlID, rationale, remediation, standards, evaluator, graph
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        severity = try c.decode(Severity.self, forKey: .severity)
        resourceType = try c.decode(String.self, forKey: .resourceType)
        controlID = try c.decode(String.self, forKey: .controlID)
        rationale = try c.decode(String.self, forKey: .rationale)
        remediation = try c.decode(Remediation.self, forKey: .remediation)
        standards = try c.decodeIfPresent([String].self, forKey: .standards) ?? []
        evaluator = try c.decodeIfPresent(CheckEvaluator.self, forKey: .evaluator) ?? .expression
        graph = try c.decodeIfPresent(GraphRule.self, forKey: .graph)
    }
}

/// Who decides a check.
public enum CheckEvaluator: String, Codable, Sendable, Hashable, CaseIterable {
    /// The assessor evaluates the check's expression on each resource at seal time.
    case expression
    /// The security graph decides it (reachability, effective permissions, escalation) after the scan is sealed.
    case graph
}
