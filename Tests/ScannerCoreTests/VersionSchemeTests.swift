import Foundation
import ScannerCore
import Testing

/// Each OSV ecosystem gets its ordering; nothing else is guessed; no input crashes a parser.
@Suite struct VersionSchemeTests {
    @Test func ecosystemsMapToSchemes() throws {
        let expected: [String: VersionScheme] = [
            "Debian:12": .dpkg, "Debian:11": .dpkg, "Ubuntu:22.04:LTS": .dpkg, "Ubuntu:24.04": .dpkg, "Alpine:v3.19": .apk,
            "PyPI": .pep440, "npm": .semver, "Go": .semver, "crates.io": .semver,
        ]
        for (ecosystem, scheme) in expected {
            #expect(try VersionScheme.for(ecosystem: ecosystem).get() == scheme, "\(ecosystem)")
        }
    }

    @Test func unknownEcosystemsAreAnErrorNotAGuess() {
        for ecosystem in ["Maven", "RubyGems", "", "debian:12", "Debianish", "NuGet"] {
            #expect(throws: UnknownEcosystem.self, "\(ecosystem)") { try VersionScheme.for(ecosystem: ecosystem).get() }
        }
    }

    @Test func garbageNeverCrashesAnyScheme() {
        var g = SeededGenerator(seed: 42)
        var odd = ["", " ", ":", "-", "~", "+", "!", "..", "1:", ":1", "1-", "-1", "_", "_p", "1._", "1.0-r", "v", "1!",
                   "1.0+", "+1", "1.0.0-", "\u{0}", "1\u{0}2", "é", "1.é", "٣.٤", "🙂", String(repeating: "9", count: 500),
                   String(repeating: "1.", count: 300) + "1", String(repeating: "~", count: 200), "1:" + String(repeating: "0", count: 40)]
        let alphabet = Array("0123456789.:-~+_!abrcpv ZéA\t")
        for _ in 0..<2_000 {
            odd.append(String((0..<Int.random(in: 0...12, using: &g)).map { _ in g.pick(alphabet) }))
        }
        for scheme in VersionScheme.allCases {
            for a in odd {
                _ = try? scheme.compare(a, "1.0")
                _ = try? scheme.compare(a, a)
            }
        }
    }
}
