import Foundation
import ScannerCore
import Testing

/// Our dpkg ordering agrees with the real `dpkg --compare-versions` on thousands of versions.
@Suite struct DpkgOracleTests {
    static let dpkg = "/usr/bin/dpkg"

    /// Versions that trip up home-made comparators: tildes, epochs, revisions, letters vs punctuation.
    static let tricky: [(String, String)] = [
        ("1.0~rc1", "1.0"), ("1.0~~", "1.0~"), ("1.0~", "1.0"), ("1.0", "1.0+"), ("1.0~rc1", "1.0~rc1-1"),
        ("1:0.1", "2.0"), ("0:1.0", "1.0"), ("1.0-1", "1.0-1ubuntu1"), ("2.30-1~bpo11+1", "2.30-1"),
        ("2.30-1~bpo11+1", "2.30-1+deb11u1"), ("1.0-0", "1.0"), ("1.0", "1.00"), ("1.0a", "1.0+"),
        ("1.0a", "1.0."), ("1.0.", "1.0-1"), ("1.2.3-1", "1.2.3-1.1"), ("1.2.3-1.1", "1.2.3-1a"),
        ("0.9.8zb-1", "0.9.8za-1"), ("1.0-1-2", "1.0-1-10"), ("1:1.0-1", "1.0-99"), ("3.0", "3.0~beta+dfsg"),
        ("9.99999999999999999999999999", "9.100000000000000000000000000"), ("1.000001", "1.1"),
        ("0000001:2.0", "1:2.0"), ("7.4.052-1ubuntu3", "7.4.052-1ubuntu3.1"), ("1.0+dfsg-1", "1.0-1"),
        ("2.2.0~rc1+dfsg-2", "2.2.0~rc1-1"), ("1.1.1w-0+deb11u1", "1.1.1n-0+deb11u5"), ("1.0Z", "1.0a"),
        ("1:2.3.4:5-6", "1:2.3.4-6"), ("1.0", "1.0-~"), ("2.36.1-8+deb11u1", "2.36.1-8+deb11u2"),
        ("1.18.0-6+deb11u3", "1.18.0-6+deb11u10"), ("5.10.0-22", "5.10.0-21+deb11u1"),
    ]

    /// A dpkg-valid version: optional epoch, upstream starting with a digit, optional revision.
    static func version(_ g: inout SeededGenerator) -> String {
        var s = ""
        let epoch = g.chance(25)
        if epoch { s += g.pick(["0", "1", "2", "01", "10", g.digits(1...9)]) + ":" }
        let revision = g.chance(60)
        var upstreamChars = ["", ".", "+", "~", "a", "b", "z", "A", "Z", "rc", "dfsg", "~rc", "+b", ".", "."]
        if revision { upstreamChars += ["-", "~"] }
        if epoch { upstreamChars += [":"] }
        s += g.digits(1...2)
        for _ in 0..<Int.random(in: 0...4, using: &g) {
            s += g.pick(upstreamChars)
            s += g.chance(10) ? g.digits(20...30) : (g.chance(15) ? "0" + g.digits(1...3) : g.digits(0...3))
        }
        if revision {
            var r = g.pick(["", "0", "1", "ubuntu", "deb", "bpo", "~", "+", "a"])
            for _ in 0..<Int.random(in: 0...3, using: &g) {
                r += g.pick(["", ".", "+", "~", "ubuntu", "deb11u", "build", "b", "Z"]) + g.digits(0...3)
            }
            if r.isEmpty { r = "1" }
            s += "-" + r
        }
        return s
    }

    /// A second version close to the first (so shared prefixes and single-character differences are common).
    static func neighbour(of v: String, _ g: inout SeededGenerator) -> String {
        var chars = Array(v)
        switch Int.random(in: 0..<6, using: &g) {
        case 0: return version(&g)
        case 1: return v + g.pick(["~", "+", ".", "a", "0", "1", "~rc1", ".0", "-1", "+b1"])
        case 2:
            let k = Int.random(in: 0..<chars.count, using: &g)
            chars[k] = g.pick(Array("0123456789.+~aZ"))
            let candidate = String(chars)
            return (try? DebianVersion(parsing: candidate)) != nil && candidate.first!.isNumber ? candidate : v + "1"
        case 3: return chars.count > 1 ? String(chars.dropLast()) : v + "0"
        case 4: return v.contains(":") ? String(v.drop(while: { $0 != ":" }).dropFirst()) : "0:" + v
        default:   // a zero inserted after the first dot: numerically the same digit run, or a new empty-vs-zero run
            guard let dot = v.firstIndex(of: ".") else { return v }
            return String(v[...dot]) + "0" + v[v.index(after: dot)...]
        }
    }

    static func ordering(_ a: String, _ b: String) throws -> ComparisonResult {
        try VersionScheme.dpkg.compare(a, b)
    }

    /// We refuse exactly the strings dpkg refuses with an error (it exits non-zero), and accept the rest.
    @Test func refusesExactlyWhatDpkgRefuses() throws {
        var g = SeededGenerator(seed: 0xBAD_5EED)
        let alphabet = Array("0123456789.:-~+_ab!Z")
        var strings = ["a", "1:", ":1", "1:-1", "+1:2", "+0:1", "1.0-", "1-", "99999999999:1", "2147483647:1",
                       "2147483648:1", "1:2:3", "1-2-", "1_0", "1!0", "a:b", "0:a", "1.0-a_b"]
        while strings.count < 600 {
            let s = String((0..<Int.random(in: 1...8, using: &g)).map { _ in g.pick(alphabet) })
            if !s.hasPrefix("-") { strings.append(s) }   // dpkg would read a leading '-' as an option
        }
        let script = """
            while read -r a; do
              if \(Self.dpkg) --compare-versions "$a" eq "$a"; then echo valid; else echo invalid; fi
            done
            """
        let answers = try ExternalOracle.run("/bin/sh", ["-c", script], chunks: ExternalOracle.chunked(strings, into: 4))
        #expect(answers.count == strings.count)
        var disagreements: [String] = []
        for (s, answer) in zip(strings, answers) {
            let ours = VersionScheme.dpkg.isValid(s) ? "valid" : "invalid"
            if ours != answer { disagreements.append("'\(s)': ours \(ours), dpkg \(answer)") }
        }
        for d in disagreements { print("dpkg validity disagreement: \(d)") }
        print("dpkg validity oracle: \(strings.count) strings, \(answers.filter { $0 == "invalid" }.count) refused by dpkg, "
              + "\(disagreements.count) disagreements")
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).joined(separator: "\n"))")
    }

    @Test func agreesWithDpkgOnGeneratedAndTrickyPairs() throws {
        var g = SeededGenerator(seed: 0xD9C6_2026)
        var pairs = Self.tricky
        while pairs.count < 3_200 {
            let a = Self.version(&g)
            var b = Self.neighbour(of: a, &g)
            if b.first?.isNumber != true || (try? DebianVersion(parsing: b)) == nil { b = Self.version(&g) }
            pairs.append(g.chance(50) ? (a, b) : (b, a))
        }
        // One dpkg call per pair checks our claim; only a refused claim costs two more calls to learn dpkg's.
        var lines: [String] = []
        for (a, b) in pairs {
            let claim = try Self.ordering(a, b)
            lines.append("\(claim == .orderedAscending ? "lt" : claim == .orderedSame ? "eq" : "gt") \(a) \(b)")
        }
        let script = """
            while read -r c a b; do
              if \(Self.dpkg) --compare-versions "$a" "$c" "$b"; then echo ok
              elif \(Self.dpkg) --compare-versions "$a" lt "$b"; then echo lt
              elif \(Self.dpkg) --compare-versions "$a" eq "$b"; then echo eq
              else echo gt; fi
            done
            """
        let answers = try ExternalOracle.run("/bin/sh", ["-c", script], chunks: ExternalOracle.chunked(lines, into: 4))
        #expect(answers.count == lines.count)
        var disagreements: [String] = []
        for (line, answer) in zip(lines, answers) where answer != "ok" {
            disagreements.append("\(line) — dpkg says \(answer)")
        }
        for d in disagreements { print("dpkg disagreement: \(d)") }
        let claims = Dictionary(grouping: lines, by: { $0.prefix(2) }).mapValues(\.count)
        print("dpkg oracle: \(pairs.count) pairs checked (lt \(claims["lt"] ?? 0), eq \(claims["eq"] ?? 0), "
              + "gt \(claims["gt"] ?? 0)), \(disagreements.count) disagreements")
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).joined(separator: "\n"))")
    }
}
