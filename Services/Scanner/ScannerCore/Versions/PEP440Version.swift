/// A Python package version (PEP 440), normalised and ordered as `packaging.version.Version` does:
/// `1.0.dev0 < 1.0a1.dev0 < 1.0a1 < 1.0b1 < 1.0rc1 < 1.0 == 1.0.0 < 1.0.post1 < 1.0.post1+local`.
///
/// Accepted spellings follow PEP 440's normalisation rules: case-insensitive, surrounding whitespace and a
/// leading `v` allowed, `alpha`/`beta`/`c`/`pre`/`preview` for `a`/`b`/`rc`, `-`/`_`/`.` separators,
/// implicit numbers (`1.0a` is `1.0a0`), `1.0-1` for `1.0.post1`, `rev`/`r` for `post`. Anything else is an
/// `InvalidVersion` (what `packaging` would reject with `InvalidVersion`).
public struct PEP440Version: Comparable, Hashable, Sendable, CustomStringConvertible {
    public enum PreRelease: Int, Comparable, Sendable {
        case alpha = 0, beta, candidate
        public static func < (a: PreRelease, b: PreRelease) -> Bool { a.rawValue < b.rawValue }
        var spelling: String { ["a", "b", "rc"][rawValue] }
    }

    enum LocalPart: Comparable, Hashable, Sendable {
        /// Letters sort below numbers, as in `packaging`.
        case text(String)
        case number(NaturalNumber)
    }

    let epoch: NaturalNumber
    let release: [NaturalNumber]
    let pre: (kind: PreRelease, number: NaturalNumber)?
    let post: NaturalNumber?
    let dev: NaturalNumber?
    let local: [LocalPart]?

    public init(parsing text: String) throws(InvalidVersion) {
        var parser = PEP440Parser(text)
        guard let parsed = parser.parse() else {
            throw InvalidVersion(scheme: .pep440, version: text, reason: "not a PEP 440 version")
        }
        (epoch, release, pre, post, dev, local) = parsed
    }

    /// The normalised form (`1.0-ALPHA.1` → `1.0a1`), as `str(Version(...))` prints it.
    public var description: String {
        func str(_ n: NaturalNumber) -> String { n.digits.isEmpty ? "0" : String(decoding: n.digits, as: UTF8.self) }
        var s = epoch == .zero ? "" : "\(str(epoch))!"
        s += release.map(str).joined(separator: ".")
        if let pre { s += pre.kind.spelling + str(pre.number) }
        if let post { s += ".post" + str(post) }
        if let dev { s += ".dev" + str(dev) }
        if let local {
            s += "+" + local.map { if case .text(let t) = $0 { t } else if case .number(let n) = $0 { str(n) } else { "" } }
                .joined(separator: ".")
        }
        return s
    }

    /// The sort key of `packaging`: trailing zeros of the release dropped; a dev release with no pre or
    /// post release sorts before every pre-release of that release; no pre-release sorts after all of them.
    private var key: Key {
        var trimmed = release
        while trimmed.count > 1, trimmed.last == .zero { trimmed.removeLast() }
        let preKey: Key.Pre
        if pre == nil && post == nil && dev != nil { preKey = .before }
        else if let pre { preKey = .at(pre.kind, pre.number) }
        else { preKey = .after }
        return Key(epoch: epoch, release: trimmed, pre: preKey, post: post, dev: dev, local: local)
    }

    struct Key: Equatable {
        enum Pre: Comparable { case before, at(PreRelease, NaturalNumber), after }
        let epoch: NaturalNumber
        let release: [NaturalNumber]
        let pre: Pre
        let post: NaturalNumber?
        let dev: NaturalNumber?
        let local: [LocalPart]?

        static func < (a: Key, b: Key) -> Bool {
            if a.epoch != b.epoch { return a.epoch < b.epoch }
            if a.release != b.release { return a.release.lexicographicallyPrecedes(b.release) }
            if a.pre != b.pre { return a.pre < b.pre }
            if a.post != b.post { return b.post.map { p in a.post.map { $0 < p } ?? true } ?? false }
            if a.dev != b.dev { return a.dev.map { d in b.dev.map { d < $0 } ?? true } ?? false }
            if a.local != b.local { return b.local.map { l in a.local.map { $0.lexicographicallyPrecedes(l) } ?? true } ?? false }
            return false
        }
    }

    public static func == (a: PEP440Version, b: PEP440Version) -> Bool { a.key == b.key }
    public static func < (a: PEP440Version, b: PEP440Version) -> Bool { a.key < b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key.release) }
}
