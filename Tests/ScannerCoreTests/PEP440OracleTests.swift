import Foundation
import ScannerCore
import Testing

/// Our PEP 440 ordering and normal form agree with Python's `packaging.version.Version`.
@Suite struct PEP440OracleTests {
    static let tricky: [(String, String)] = [
        ("1.0.dev0", "1.0a0"), ("1.0a1.dev1", "1.0a1"), ("1.0", "1.0.0"), ("1.0", "1.0.post0"), ("1!0.1", "2.0"),
        ("1.0+local", "1.0"), ("1.0+abc", "1.0+1"), ("1.0+abc.1", "1.0+abc"), ("1.0.post1.dev0", "1.0.post1"),
        ("1.0-1", "1.0.post1"), ("1.0c1", "1.0rc1"), ("1.0-ALPHA-2", "1.0a2"), ("v1.0", "1.0"), ("1.0.post", "1.0-0"),
        ("1.0a", "1.0a0"), ("1.0preview1", "1.0rc1"), ("1.0rev1", "1.0r1"), ("1.0.dev", "1.0.dev0"),
        ("1.01", "1.1"), ("0.9", "0.10"), ("1.0+1.2", "1.0+1.10"), ("1.0+A", "1.0+a"), ("1.0a--1", "1.0a0.post1"),
        ("1.0.0.0.0", "1"), ("1.0+ubuntu-1", "1.0+ubuntu.1"), ("1.0rc1.post1", "1.0rc2.dev0"),
    ]

    static func version(_ g: inout SeededGenerator) -> String {
        var s = g.chance(8) ? g.pick(["v", "V"]) : ""
        if g.chance(15) { s += g.pick(["0", "1", "2", "01"]) + "!" }
        s += (0..<Int.random(in: 1...4, using: &g)).map { _ in
            g.chance(10) ? g.pick(["0", "00", "01", "010"]) : g.chance(3) ? g.digits(20...25) : String(Int.random(in: 0...12, using: &g))
        }.joined(separator: ".")
        let sep = { (g: inout SeededGenerator) in g.pick(["", "", ".", "-", "_"]) }
        let number = { (g: inout SeededGenerator) in g.chance(80) ? String(Int.random(in: 0...12, using: &g)) : "" }
        if g.chance(40) {
            s += sep(&g) + g.pick(["a", "b", "rc", "alpha", "beta", "c", "pre", "preview", "A", "RC", "Beta"]) + sep(&g) + number(&g)
        }
        if g.chance(25) {
            s += g.chance(30) ? "-" + String(Int.random(in: 0...9, using: &g))
                              : sep(&g) + g.pick(["post", "rev", "r", "POST"]) + sep(&g) + number(&g)
        }
        if g.chance(25) { s += sep(&g) + g.pick(["dev", "DEV"]) + sep(&g) + number(&g) }
        if g.chance(15) {
            s += "+" + (0..<Int.random(in: 1...3, using: &g)).map { _ in
                g.pick(["ubuntu", "abc", "1", "2", "10", "cpu", "Z9", "007"])
            }.joined(separator: g.pick([".", "-", "_"]))
        }
        return s
    }

    /// A second version sharing the first's release more often than chance would.
    static func neighbour(of v: String, _ g: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<4, using: &g) {
        case 0: return version(&g)
        case 1: return v + g.pick([".0", ".post1", ".dev0", "a1", "+local", "rc1", "-1", ".1"])
        case 2: return String(v.prefix(while: { $0.isNumber || $0 == "." })) + g.pick(["", "a1", ".post2", ".dev3", "rc1.dev1"])
        default: return v
        }
    }

    static let script = """
        import sys
        from packaging.version import Version, InvalidVersion
        def parse(s):
            try: return Version(s)
            except InvalidVersion: return None
        for line in sys.stdin:
            a, b = line.rstrip("\\n").split("\\t")
            va, vb = parse(a), parse(b)
            order = "x" if va is None or vb is None else str((va > vb) - (va < vb))
            print(order, "x" if va is None else str(va), "x" if vb is None else str(vb), sep="\\t")
        """

    @Test func agreesWithPackagingOnGeneratedAndTrickyPairs() throws {
        var g = SeededGenerator(seed: 0x9E9_440)
        var pairs = Self.tricky
        while pairs.count < 1_500 {
            let a = Self.version(&g)
            let b = Self.neighbour(of: a, &g)
            pairs.append(g.chance(50) ? (a, b) : (b, a))
        }
        let answers = try ExternalOracle.run("/usr/bin/env", ["python3", "-c", Self.script],
                                             chunks: [pairs.map { "\($0.0)\t\($0.1)" }])
        #expect(answers.count == pairs.count)
        var disagreements: [String] = []
        var ordered = 0
        for ((a, b), answer) in zip(pairs, answers) {
            let fields = answer.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let va = try? PEP440Version(parsing: a), vb = try? PEP440Version(parsing: b)
            let ours = [va?.description ?? "x", vb?.description ?? "x"]
            if ours != Array(fields.dropFirst()) {
                disagreements.append("normal form of \(a) / \(b): ours \(ours), packaging \(fields.dropFirst())")
            }
            guard let va, let vb, fields.first != "x" else { continue }
            ordered += 1
            let mine = va < vb ? "-1" : (vb < va ? "1" : "0")
            if mine != fields.first { disagreements.append("\(a) vs \(b): ours \(mine), packaging \(fields[0])") }
        }
        for d in disagreements { print("PEP 440 disagreement: \(d)") }
        print("PEP 440 oracle: \(pairs.count) pairs, \(ordered) ordered by both, \(disagreements.count) disagreements")
        #expect(ordered >= 1_000)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).joined(separator: "\n"))")
    }

    @Test func releaseCycleOrder() throws {
        let cycle = ["1.0.dev0", "1.0a1.dev0", "1.0a1", "1.0b1", "1.0rc1", "1.0", "1.0.post1.dev0", "1.0.post1", "1.0.post1+local", "1.1.dev0"]
        for (lower, higher) in zip(cycle, cycle.dropFirst()) {
            #expect(try VersionScheme.pep440.compare(lower, higher) == .orderedAscending, "\(lower) < \(higher)")
        }
        #expect(try PEP440Version(parsing: "1.0-ALPHA_2.Post-3-dev").description == "1.0a2.post3.dev0")
    }
}
