import PalisadeIAM
import Testing

@Suite struct WildcardTests {
    @Test func actionsAreCaseInsensitive() {
        #expect(Wildcard.matches(pattern: "s3:Get*", "s3:getobject", caseInsensitive: true))
        #expect(Wildcard.matches(pattern: "S3:*", "s3:PutObject", caseInsensitive: true))
        #expect(!Wildcard.matches(pattern: "s3:Get*", "s3:PutObject", caseInsensitive: true))
        #expect(Wildcard.matches(pattern: "ec2:Describe?nstances", "ec2:DescribeInstances", caseInsensitive: true))
        #expect(!Wildcard.matches(pattern: "ec2:Describe?", "ec2:Describe", caseInsensitive: true))
    }

    @Test func resourcesAreCaseSensitive() {
        #expect(Wildcard.matches(pattern: "arn:aws:s3:::app-*/*", "arn:aws:s3:::app-data/k", caseInsensitive: false))
        #expect(!Wildcard.matches(pattern: "arn:aws:s3:::App-data/*", "arn:aws:s3:::app-data/k", caseInsensitive: false))
        #expect(!Wildcard.matches(pattern: "arn:aws:s3:::app-data/*", "arn:aws:s3:::app-data", caseInsensitive: false))
        #expect(Wildcard.matches(pattern: "*", "", caseInsensitive: false))
        #expect(Wildcard.matches(pattern: "a*b*c", "axxbyyc", caseInsensitive: false))
        #expect(!Wildcard.matches(pattern: "a*b*c", "axxbyy", caseInsensitive: false))
    }

    @Test func policyVariablesMatchAnythingAndEscapesAreLiteral() {
        #expect(Wildcard.matches(pattern: "arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/bob/x",
                                 caseInsensitive: false))
        #expect(Wildcard.containsPolicyVariable("arn:aws:s3:::home/${aws:username}/*"))
        #expect(Wildcard.matches(pattern: "a${*}b", "a*b", caseInsensitive: false))
        #expect(!Wildcard.matches(pattern: "a${*}b", "axb", caseInsensitive: false))
        #expect(!Wildcard.containsPolicyVariable("a${*}b"))
    }

    /// The byte-level matcher (ASCII patterns and texts) must agree with a plain recursive definition of the glob,
    /// on every pattern/text pair over a small alphabet, both case modes, and on non-ASCII text (the general path).
    @Test func theFastMatcherAgreesWithTheDefinition() {
        func reference(_ p: [Character], _ t: [Character], _ fold: Bool) -> Bool {
            guard let c = p.first else { return t.isEmpty }
            if c == "*" { return reference(Array(p.dropFirst()), t, fold) || (!t.isEmpty && reference(p, Array(t.dropFirst()), fold)) }
            guard let d = t.first else { return false }
            let same = c == "?" || (fold ? String(c).lowercased() == String(d).lowercased() : c == d)
            return same && reference(Array(p.dropFirst()), Array(t.dropFirst()), fold)
        }
        let alphabet: [Character] = ["a", "B", "*", "?", ":"]
        func strings(_ n: Int) -> [String] {
            n == 0 ? [""] : strings(n - 1).flatMap { s in alphabet.map { s + String($0) } } + strings(n - 1)
        }
        let patterns = Set(strings(4)), texts = Set(strings(4).filter { !$0.contains("*") && !$0.contains("?") } + ["é", "aé", "Bé:"])
        for p in patterns {
            for t in texts {
                for fold in [true, false] {
                    #expect(Wildcard.matches(pattern: p, t, caseInsensitive: fold) == reference(Array(p), Array(t), fold),
                            "pattern \(p) text \(t) caseInsensitive \(fold)")
                }
            }
        }
    }
}
