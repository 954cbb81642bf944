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

    public init(
        id: String, title: String, severity: Severity, resourceType: String, controlID: String, rationale: String,
        remediation: Remediation, standards: [String]
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.resourceType = resourceType
        self.controlID = controlID
        self.rationale = rationale
        self.remediation = remediation
        self.standards = standards
    }
}
