import Foundation

/// A compliance standard as data: its identity and the catalog of requirements a check may map to
/// (`Data/standards/<id>.yaml`). `manual` marks a requirement no Palisade check decides: an auditor
/// assesses it by hand, and no check may claim it.
public struct Standard: Sendable, Hashable, Codable {
    public struct Requirement: Sendable, Hashable, Codable {
        /// As the standard numbers it: `1.4`, `S3.1`, `AC-6(9)`, `8.4.2`, `A.8.24`, `CC6.1`.
        public var id: String
        public var title: String
        /// The part of the standard it sits in (CIS section, FSBP service, NIST family ...), when given.
        public var section: String?
        /// True when no check can decide it; the requirement is then assessed by hand.
        public var manual: Bool

        public init(id: String, title: String, section: String? = nil, manual: Bool) {
            self.id = id
            self.title = title
            self.section = section
            self.manual = manual
        }
    }

    /// Lower-case, the file name: `cis-aws-3.0`, `aws-fsbp`, `nist-800-53-r5`, `pci-dss-4.0`, `iso-27001-2022`, `soc2`.
    public var id: String
    public var title: String
    public var version: String
    public var publisher: String
    public var url: String
    /// In the standard's own order.
    public var requirements: [Requirement]

    public init(id: String, title: String, version: String, publisher: String, url: String,
                requirements: [Requirement]) {
        self.id = id
        self.title = title
        self.version = version
        self.publisher = publisher
        self.url = url
        self.requirements = requirements
    }

    public func requirement(id: String) -> Requirement? { requirements.first { $0.id == id } }
}

/// A check's reference to one requirement of a standard, written `STANDARD:REQUIREMENT`
/// (`cis-aws-3.0:1.4`, `nist-800-53-r5:AC-6(9)`). The standard id holds no colon; the requirement is the rest.
public struct StandardRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var standard: String
    public var requirement: String

    public init(standard: String, requirement: String) {
        self.standard = standard
        self.requirement = requirement
    }

    /// Parses `STANDARD:REQUIREMENT`; nil when either side is empty or there is no colon.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let standard = text[..<colon].trimmingCharacters(in: .whitespaces)
        let requirement = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !standard.isEmpty, !requirement.isEmpty else { return nil }
        self.init(standard: standard, requirement: requirement)
    }

    public var description: String { "\(standard):\(requirement)" }

    public static func < (a: StandardRef, b: StandardRef) -> Bool { (a.standard, a.requirement) < (b.standard, b.requirement) }
}
