import Foundation

/// How versions of one ecosystem are ordered. OSV ecosystems map to a scheme with `for(ecosystem:)`.
public enum VersionScheme: String, CaseIterable, Hashable, Sendable {
    /// Debian policy §5.6.12 (Debian, Ubuntu).
    case dpkg
    /// apk-tools (Alpine).
    case apk
    /// PEP 440 (PyPI).
    case pep440
    /// Semantic Versioning 2.0.0 (npm, Go, crates.io; OSV `SEMVER` ranges).
    case semver

    /// The scheme for an OSV ecosystem name (`Debian:12`, `Alpine:v3.19`, `PyPI`, ...).
    /// An ecosystem we do not know is an error: guessing an order would produce wrong findings.
    public static func `for`(ecosystem: String) -> Result<VersionScheme, UnknownEcosystem> {
        let base = ecosystem.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        switch base {
        case "Debian", "Ubuntu": return .success(.dpkg)
        case "Alpine": return .success(.apk)
        case "PyPI": return .success(.pep440)
        case "npm", "Go", "crates.io": return .success(.semver)
        default: return .failure(UnknownEcosystem(ecosystem: ecosystem))
        }
    }

    /// Orders two versions, or says which one the scheme refuses.
    public func compare(_ a: String, _ b: String) throws(InvalidVersion) -> ComparisonResult {
        switch self {
        case .dpkg: return Self.order(try DebianVersion(parsing: a), try DebianVersion(parsing: b))
        case .apk: return Self.order(try AlpineVersion(parsing: a), try AlpineVersion(parsing: b))
        case .pep440: return Self.order(try PEP440Version(parsing: a), try PEP440Version(parsing: b))
        case .semver: return Self.order(try SemanticVersion(parsing: a), try SemanticVersion(parsing: b))
        }
    }

    /// Whether the scheme accepts the version.
    public func isValid(_ version: String) -> Bool {
        (try? compare(version, version)) != nil
    }

    static func order<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
        a < b ? .orderedAscending : (b < a ? .orderedDescending : .orderedSame)
    }
}

/// An OSV ecosystem with no known version order.
public struct UnknownEcosystem: Error, Hashable, Sendable, CustomStringConvertible {
    public let ecosystem: String
    public var description: String { "no version ordering known for ecosystem '\(ecosystem)'" }
}
