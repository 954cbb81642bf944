/// A Debian package version `[epoch:]upstream[-revision]`, ordered as dpkg orders it (policy §5.6.12).
///
/// Parsing follows dpkg's `parseversion`: what dpkg rejects with an error is an `InvalidVersion` (empty,
/// embedded spaces, an epoch that is empty, not a number, negative or above `Int32.max`, nothing after the
/// colon, an empty upstream or an empty revision after a trailing hyphen). What dpkg only warns about
/// (upstream not starting with a digit, unusual characters) is accepted and ordered exactly as dpkg
/// orders it, because such versions do occur in installed package databases.
public struct DebianVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let epoch: Int
    public let upstream: String
    /// The part after the last hyphen; "" when there is none (which orders the same as "0").
    public let revision: String

    public init(parsing text: String) throws(InvalidVersion) {
        func invalid(_ reason: String) -> InvalidVersion { InvalidVersion(scheme: .dpkg, version: text, reason: reason) }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard !text.isEmpty else { throw invalid("version string is empty") }
        let trimmed = text.drop(while: isBlank)
        let body = trimmed.prefix(while: { !isBlank($0) })
        guard trimmed.dropFirst(body.count).allSatisfy(isBlank) else { throw invalid("version string has embedded spaces") }
        guard !body.isEmpty else { throw invalid("version string is empty") }

        var rest = Substring(body)
        if let colon = rest.firstIndex(of: ":") {
            epoch = try Self.epoch(rest[..<colon], invalid)
            rest = rest[rest.index(after: colon)...]
            guard !rest.isEmpty else { throw invalid("nothing after colon in version number") }
        } else {
            epoch = 0
        }
        if let hyphen = rest.lastIndex(of: "-") {
            upstream = String(rest[..<hyphen])
            revision = String(rest[rest.index(after: hyphen)...])
            guard !revision.isEmpty else { throw invalid("revision number is empty") }
        } else {
            upstream = String(rest)
            revision = ""
        }
        guard !upstream.isEmpty else { throw invalid("version number is empty") }
    }

    /// dpkg reads the epoch with `strtol`: an optional sign, then digits, up to `INT_MAX`.
    private static func epoch(_ text: Substring, _ invalid: (String) -> InvalidVersion) throws(InvalidVersion) -> Int {
        var digits = text
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { throw invalid(text.isEmpty ? "epoch in version is empty" : "epoch in version is not number") }
        guard digits.utf8.allSatisfy(\.isASCIIDigit) else { throw invalid("epoch in version is not number") }
        let value = NaturalNumber(digits)
        if negative && value != .zero { throw invalid("epoch in version is negative") }
        guard let small = value.smallValue, small <= Int(Int32.max) else { throw invalid("epoch in version is too big") }
        return small
    }

    public var description: String {
        (epoch == 0 ? "" : "\(epoch):") + upstream + (revision.isEmpty ? "" : "-\(revision)")
    }

    public static func == (a: DebianVersion, b: DebianVersion) -> Bool { compare(a, b) == 0 }
    public static func < (a: DebianVersion, b: DebianVersion) -> Bool { compare(a, b) < 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(epoch) }

    static func compare(_ a: DebianVersion, _ b: DebianVersion) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let upstream = compareFragment(Array(a.upstream.utf8), Array(b.upstream.utf8))
        if upstream != 0 { return upstream }
        return compareFragment(Array(a.revision.utf8), Array(b.revision.utf8))
    }

    /// The weight of one non-digit byte: `~` below the end of the string, letters next, then everything
    /// else (as dpkg does, a byte is read as a signed `char`).
    private static func weight(_ byte: UInt8?) -> Int {
        guard let byte, !byte.isASCIIDigit else { return 0 }
        if byte.isASCIILetter { return Int(byte) }
        if byte == UInt8(ascii: "~") { return -1 }
        return Int(Int8(bitPattern: byte)) + 256
    }

    /// dpkg's `verrevcmp`: alternate non-digit runs (byte by byte by weight) and digit runs (numerically).
    static func compareFragment(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0, j = 0
        func at(_ s: [UInt8], _ k: Int) -> UInt8? { k < s.count ? s[k] : nil }
        while i < a.count || j < b.count {
            while (at(a, i).map { !$0.isASCIIDigit } ?? false) || (at(b, j).map { !$0.isASCIIDigit } ?? false) {
                let wa = weight(at(a, i)), wb = weight(at(b, j))
                if wa != wb { return wa < wb ? -1 : 1 }
                i += 1; j += 1
            }
            let startA = i, startB = j
            while at(a, i)?.isASCIIDigit == true { i += 1 }
            while at(b, j)?.isASCIIDigit == true { j += 1 }
            let na = NaturalNumber(digits: a[startA..<i]), nb = NaturalNumber(digits: b[startB..<j])
            if na != nb { return na < nb ? -1 : 1 }
        }
        return 0
    }
}
