import PalisadeModel

/// What the formats need beyond the finding itself: each check's metadata (title, description, remediation, help
/// link, severity) and the compliance requirements it maps to. Pure data; `builtIn()` reads the shipped catalog.
public struct FormatContext: Sendable {
    /// One compliance requirement a check maps to (`cis-aws-3.0:1.4`).
    public struct Requirement: Sendable, Hashable {
        /// The standard's id: `cis-aws-3.0`, `nist-800-53-r5`, `soc2`.
        public var standard: String
        /// The standard's own version (`3.0.0`), when known.
        public var standardVersion: String?
        /// The requirement as the standard numbers it: `1.4`, `AC-6(9)`, `CC6.1`.
        public var id: String
        /// The requirement's title, when known.
        public var title: String?

        public init(standard: String, standardVersion: String? = nil, id: String, title: String? = nil) {
            self.standard = standard
            self.standardVersion = standardVersion
            self.id = id
            self.title = title
        }

        /// `STANDARD:REQUIREMENT`, as check files write it.
        public var reference: String { "\(standard):\(id)" }
    }

    /// A check's metadata, as the formats show it.
    public struct Check: Sendable, Hashable {
        public var id: String
        public var title: String
        /// Why the check matters (the check file's `rationale`).
        public var description: String
        /// What to do about a failure (the check file's `remediation.text`).
        public var remediation: String
        public var severity: Severity
        public var requirements: [Requirement]
        /// A page that explains the check, when there is one.
        public var helpURL: String?

        public init(id: String, title: String, description: String, remediation: String, severity: Severity,
                    requirements: [Requirement], helpURL: String? = nil) {
            self.id = id
            self.title = title
            self.description = description
            self.remediation = remediation
            self.severity = severity
            self.requirements = requirements
            self.helpURL = helpURL
        }
    }

    /// By check id.
    public var checks: [String: Check]
    /// Palisade's version, written where a format names the producing product.
    public var productVersion: String

    public init(checks: [String: Check], productVersion: String = "0.13.0") {
        self.checks = checks
        self.productVersion = productVersion
    }

    /// No catalog: every format then uses only what the finding itself holds (its title, reason, remediation).
    public static let empty = FormatContext(checks: [:])

    public func check(_ id: String) -> Check? { checks[id] }
}
