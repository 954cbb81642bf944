/// A Semantic Versioning 2.0.0 version, `MAJOR.MINOR.PATCH[-pre.release][+build]`, with an optional leading
/// `v` (Go module versions). Build metadata is kept for display but never affects order.
///
/// Strict per the spec: exactly three numeric parts without leading zeros, pre-release and build
/// identifiers non-empty and made of `[0-9A-Za-z-]`, numeric pre-release identifiers without leading zeros.
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    enum Identifier: Comparable, Hashable, Sendable {
        /// Numeric identifiers sort below alphanumeric ones.
        case numeric(NaturalNumber)
        case alphanumeric(String)
    }

    let core: [NaturalNumber]
    let preRelease: [Identifier]
    public let build: String?
    public let description: String

    public init(parsing text: String) throws(InvalidVersion) {
        func invalid(_ reason: String) -> InvalidVersion { InvalidVersion(scheme: .semver, version: text, reason: reason) }
        var rest = Substring(text)
        if rest.first == "v" { rest = rest.dropFirst() }
        var build: String?
        if let plus = rest.firstIndex(of: "+") {
            let metadata = rest[rest.index(after: plus)...]
            guard Self.identifiers(metadata) != nil else { throw invalid("build metadata must be dot-separated [0-9A-Za-z-] identifiers") }
            build = String(metadata)
            rest = rest[..<plus]
        }
        var preRelease: [Identifier] = []
        if let hyphen = rest.firstIndex(of: "-") {
            guard let ids = Self.identifiers(rest[rest.index(after: hyphen)...]) else {
                throw invalid("pre-release must be dot-separated [0-9A-Za-z-] identifiers")
            }
            preRelease = try ids.map { (id) throws(InvalidVersion) -> Identifier in
                guard id.utf8.allSatisfy(\.isASCIIDigit) else { return .alphanumeric(String(id)) }
                guard id == "0" || id.first != "0" else { throw invalid("numeric pre-release identifier has a leading zero") }
                return .numeric(NaturalNumber(id))
            }
            rest = rest[..<hyphen]
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(\.isASCIIDigit) }) else {
            throw invalid("expected MAJOR.MINOR.PATCH")
        }
        guard parts.allSatisfy({ $0 == "0" || $0.first != "0" }) else { throw invalid("version number has a leading zero") }
        self.core = parts.map(NaturalNumber.init)
        self.preRelease = preRelease
        self.build = build
        self.description = text
    }

    private static func identifiers(_ text: Substring) -> [Substring]? {
        let ids = text.split(separator: ".", omittingEmptySubsequences: false)
        let allowed: (UInt8) -> Bool = { $0.isASCIIDigit || $0.isASCIILetter || $0 == UInt8(ascii: "-") }
        return ids.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(allowed) }) ? ids : nil
    }

    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool {
        a.core == b.core && a.preRelease == b.preRelease
    }

    /// Core numerically; then a pre-release is below the release; then identifiers left to right,
    /// a shorter list below a longer one it prefixes.
    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if a.core != b.core { return a.core.lexicographicallyPrecedes(b.core) }
        switch (a.preRelease.isEmpty, b.preRelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): return a.preRelease.lexicographicallyPrecedes(b.preRelease)
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(core)
        hasher.combine(preRelease)
    }
}
