/// One pattern a mute rule compares a finding's field with. Matching is case-sensitive and always covers the
/// WHOLE value: an exact string, a glob (`*`, `?`, `[...]`) or an anchored regular expression. There is no
/// substring matching: `sg-1` never matches `sg-12`.
public struct MutePattern: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case exact, glob, regex
    }

    /// Why a glob or regular expression does not compile.
    public struct Invalid: Error, Sendable, Hashable {
        public var message: String
    }

    public let kind: Kind
    /// The pattern as written.
    public let source: String
    private let compiled: Compiled

    private enum Compiled: Sendable {
        case exact
        case glob(MuteGlob)
        case regex(MuteRegex)
    }

    public init(exact value: String) {
        kind = .exact
        source = value
        compiled = .exact
    }

    public init(glob: String) throws(Invalid) {
        kind = .glob
        source = glob
        compiled = .glob(try MuteGlob(glob))
    }

    public init(regex: String) throws(Invalid) {
        kind = .regex
        source = regex
        compiled = .regex(try MuteRegex(regex))
    }

    /// A plain string as written in a mute file: exact, unless it contains `*`, `?` or `[`, then a glob.
    public init(plain: String) throws(Invalid) {
        if MuteGlob.hasMetacharacters(plain) {
            try self.init(glob: plain)
        } else {
            self.init(exact: plain)
        }
    }

    /// Whether the whole `value` matches.
    @inline(__always)
    public func matches(_ value: String) -> Bool {
        switch compiled {
        case .exact: value == source
        case .glob(let g): g.matches(value)
        case .regex(let r): r.wholeMatches(value)
        }
    }

    /// Matches every value (`*`, `**`, regex `.*`): on its own it would not narrow a rule at all.
    public var matchesEverything: Bool {
        switch kind {
        case .exact: false
        case .glob: !source.isEmpty && source.allSatisfy { $0 == "*" }
        case .regex: [".*", "(.*)", "^.*$", "[\\s\\S]*"].contains(source)
        }
    }

    /// `exact:"v"`, `glob:"v*"`, `regex:"v.*"`.
    public var description: String { "\(kind.rawValue):\"\(source)\"" }

    public static func == (a: MutePattern, b: MutePattern) -> Bool { a.kind == b.kind && a.source == b.source }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(source)
    }
}

/// Patterns of which any one must match (a YAML list in a mute rule; a single pattern is a list of one).
public struct MutePatterns: Sendable, Hashable, CustomStringConvertible {
    public let patterns: [MutePattern]

    public init(_ patterns: [MutePattern]) { self.patterns = patterns }

    @inline(__always)
    public func matches(_ value: String) -> Bool {
        // Through the buffer, elements are borrowed in place: no copy, no retain per finding.
        patterns.withUnsafeBufferPointer { buffer in
            for k in buffer.indices where buffer[k].matches(value) { return true }
            return false
        }
    }

    /// The exact values when every pattern is exact (used to index rules), else nil.
    public var exactValues: [String]? {
        patterns.allSatisfy { $0.kind == .exact } ? patterns.map(\.source) : nil
    }

    public var matchesEverything: Bool { patterns.contains { $0.matchesEverything } }

    public var description: String {
        patterns.count == 1 ? patterns[0].description : "[" + patterns.map(\.description).joined(separator: ", ") + "]"
    }
}
