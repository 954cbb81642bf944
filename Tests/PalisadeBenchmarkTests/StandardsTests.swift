import Foundation
import PalisadeBenchmark
import Testing

/// The standards catalogs (Data/standards) and how checks map to them.
@Suite struct StandardsTests {
    /// The catalogs alone: no built-in checks, so this holds whatever state the checks are in.
    static let catalogs = try! Benchmark.load(builtIn: false).standards

    static let expected = ["aws-fsbp", "cis-aws-3.0", "iso-27001-2022", "nist-800-53-r5", "pci-dss-4.0", "soc2"]

    func dir(_ files: [String: String]) throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("standards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: d.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return d
    }

    func check(_ id: String, standards: String) -> String {
        """
        id: \(id)
        title: Custom check
        severity: low
        resource: aws.s3.bucket
        control: enable-encryption-at-rest
        rationale: Because.
        remediation:
          text: Fix it.
        assert: true
        standards: \(standards)
        """
    }

    func loadError(checks: [String: String] = [:], standards: [String: String] = [:]) throws -> BenchmarkError? {
        let c = try dir(checks), s = try dir(standards)
        do throws(BenchmarkError) {
            _ = try Benchmark.load(builtIn: false, extraDirectories: [c], standardsDirectories: [s])
            return nil
        } catch { return error }
    }

    @Test func everyCatalogLoadsWithUniqueIds() throws {
        #expect(Self.catalogs.map(\.id) == Self.expected)
        for s in Self.catalogs {
            #expect(!s.title.isEmpty && !s.version.isEmpty && !s.publisher.isEmpty && s.url.hasPrefix("https://"), "\(s.id)")
            #expect(Set(s.requirements.map(\.id)).count == s.requirements.count, "\(s.id) has duplicate requirement ids")
            for r in s.requirements { #expect(!r.title.isEmpty && r.section?.isEmpty != true, "\(s.id):\(r.id)") }
        }
    }

    @Test func catalogsHoldTheWholeStandard() throws {
        func ids(_ id: String) throws -> [String] { try #require(Self.catalogs.first { $0.id == id }).requirements.map(\.id) }
        let iso = try ids("iso-27001-2022")
        #expect(iso.count == 93)
        #expect(iso.filter { $0.hasPrefix("A.5.") }.count == 37 && iso.filter { $0.hasPrefix("A.6.") }.count == 8)
        #expect(iso.filter { $0.hasPrefix("A.7.") }.count == 14 && iso.filter { $0.hasPrefix("A.8.") }.count == 34)
        #expect(iso.first == "A.5.1" && iso.last == "A.8.34")

        let cis = try ids("cis-aws-3.0")
        let sections = [22, 0, 9, 16, 6]  // 1.1-1.22, 3.1-3.9, 4.1-4.16, 5.1-5.6; storage is nested
        for (i, n) in sections.enumerated() where n > 0 {
            #expect(cis.filter { $0.split(separator: ".").count == 2 && $0.hasPrefix("\(i + 1).") } == (1...n).map { "\(i + 1).\($0)" })
        }
        #expect(cis.filter { $0.hasPrefix("2.") } == ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.3.1", "2.3.2", "2.3.3", "2.4.1"])
        #expect(cis.count == 62)

        let soc2 = try ids("soc2")
        #expect(soc2.filter { $0.hasPrefix("CC") }.count == 33 && soc2.count == 61)
        #expect(["A1.3", "C1.2", "PI1.5", "P6.7", "P8.1"].allSatisfy(soc2.contains))

        let nist = try ids("nist-800-53-r5")
        #expect(["AC-2", "AC-6(9)", "AU-12", "SC-7(21)", "SC-28(1)", "SI-4(25)", "SR-12"].allSatisfy(nist.contains))
        #expect(!nist.contains("AC-13"), "withdrawn controls are not listed")
        #expect(nist.filter { !$0.contains("(") }.count == 246)  // the 16 families less withdrawn controls

        let pci = try ids("pci-dss-4.0")
        #expect(["1.2.1", "3.5.1.1", "8.4.2", "10.7.3", "12.10.7"].allSatisfy(pci.contains))
        #expect(pci.count >= 240)

        let fsbp = try ids("aws-fsbp")
        #expect(["IAM.4", "S3.1", "EC2.19", "CloudTrail.1", "RDS.3", "KMS.3", "GuardDuty.1", "Config.1"].allSatisfy(fsbp.contains))
    }

    /// `manual` says whether Palisade decides a requirement: CIS's own Manual items it cannot read (contact details,
    /// security questions) stay manual; CIS 4.x, which CIS labels Manual, Palisade decides from filters and alarms.
    @Test func manualFlagsSayWhatPalisadeDecides() throws {
        let cis = try #require(Self.catalogs.first { $0.id == "cis-aws-3.0" })
        #expect(cis.requirement(id: "1.1")?.manual == true && cis.requirement(id: "1.3")?.manual == true)
        #expect(cis.requirement(id: "4.3")?.manual == false)
        #expect(cis.requirement(id: "1.4")?.manual == false && cis.requirement(id: "5.6")?.manual == false)
        let fsbp = try #require(Self.catalogs.first { $0.id == "aws-fsbp" })
        #expect(fsbp.requirements.filter { !$0.manual }.count >= 90)
    }

    /// Every requirement a built-in check names exists. Runs on the built-in checks as they stand; until every check
    /// uses the current scheme this reports each stale reference rather than one load error.
    @Test func everyReferencedRequirementExists() throws {
        var known: [String: Set<String>] = [:]
        for s in Self.catalogs { known[s.id] = Set(s.requirements.map(\.id)) }
        for (file, refs) in try builtInCheckReferences() {
            for ref in refs {
                #expect(known[ref.standard]?.contains(ref.requirement) == true, "\(file): unknown requirement \(ref)")
            }
        }
    }

    @Test func checksIndexByRequirement() throws {
        let c = try dir([
            "org-a.yaml": check("org-a", standards: #"["cis-aws-3.0:2.2.1", "nist-800-53-r5:SC-28(1)", "iso-27001-2022:A.8.24"]"#),
            "org-b.yaml": check("org-b", standards: #"["nist-800-53-r5:SC-28(1)"]"#),
        ])
        let b = try Benchmark.load(builtIn: false, extraDirectories: [c])
        #expect(b.checks(for: StandardRef(standard: "nist-800-53-r5", requirement: "SC-28(1)")).map(\.id) == ["org-a", "org-b"])
        #expect(b.checks(for: try #require(StandardRef("cis-aws-3.0:2.2.1"))).map(\.id) == ["org-a"])
        #expect(b.checks(for: StandardRef(standard: "soc2", requirement: "CC6.1")).isEmpty)
        #expect(b.standard(id: "iso-27001-2022")?.requirement(id: "A.8.24")?.title == "Use of cryptography")
    }

    @Test func badReferenceInACustomCheckFailsAtTheEntry() throws {
        let std = try #require(try loadError(checks: ["c.yaml": check("c", standards: #"["cis-aws-3.0:2.2.1", "cis-aws-1.2:1.3"]"#)]))
        #expect(std.code == "benchmark.check.invalid")
        #expect((std.line, std.column) == (10, 34))
        #expect(std.description.hasSuffix("c.yaml:10:34: unknown standard 'cis-aws-1.2' in \"cis-aws-1.2:1.3\" (known: aws-fsbp, cis-aws-3.0, iso-27001-2022, nist-800-53-r5, pci-dss-4.0, soc2)"))
        let req = try #require(try loadError(checks: ["c.yaml": check("c", standards: "\n  - nist-800-53-r5:AC-6\n  - nist-800-53-r5:AC-99")]))
        #expect((req.line, req.column) == (12, 5))
        #expect(req.message == "nist-800-53-r5 has no requirement 'AC-99' (\"nist-800-53-r5:AC-99\")")
        let shape = try #require(try loadError(checks: ["c.yaml": check("c", standards: #"["CC6.1"]"#)]))
        #expect(shape.message.contains("STANDARD:REQUIREMENT"))
    }

    @Test func customCatalogsLoadAndAreValidated() throws {
        let catalog = """
            id: org-baseline
            title: Org baseline
            version: "1"
            publisher: Us
            url: https://example.com/baseline
            requirements:
              - id: "B.1"
                title: Buckets are encrypted
                manual: false
              - id: "B.2"
                title: Owners are named
                manual: true
            """
        let c = try dir(["org-a.yaml": check("org-a", standards: #"["org-baseline:B.1"]"#)])
        let s = try dir(["org-baseline.yaml": catalog])
        let b = try Benchmark.load(builtIn: false, extraDirectories: [c], standardsDirectories: [s])
        #expect(b.checks(for: StandardRef(standard: "org-baseline", requirement: "B.1")).map(\.id) == ["org-a"])

        let dup = try #require(try loadError(standards: ["org-baseline.yaml": catalog + "\n  - id: \"B.1\"\n    title: Again\n    manual: true\n"]))
        #expect(dup.code == "benchmark.standard.duplicate")
        #expect((dup.line, dup.column) == (13, 9))
        #expect(dup.message == "requirement 'B.1' is already defined at line 7")
        let name = try #require(try loadError(standards: ["other.yaml": catalog]))
        #expect(name.message.contains("must match the file name"))
        let flag = try #require(try loadError(standards: ["org-baseline.yaml": catalog.replacingOccurrences(of: "manual: true", with: "manual: maybe")]))
        #expect(flag.line == 12 && flag.message.contains("manual: true"))
        let twice = try #require(try loadError(standards: ["cis-aws-3.0.yaml": catalog.replacingOccurrences(of: "org-baseline", with: "cis-aws-3.0")]))
        #expect(twice.message.contains("standard 'cis-aws-3.0' is already defined"))
    }

    /// Automated requirements (manual: false) are decided by at least one built-in check; manual ones by none.
    /// Fails until the check families land with their mappings and Tools/standards/reconcile.py has set the flags.
    @Test func automatedRequirementsHaveChecks() throws {
        var mapped: [String: Set<String>] = [:]
        for (_, refs) in try builtInCheckReferences() { for r in refs { mapped[r.standard, default: []].insert(r.requirement) } }
        for s in Self.catalogs {
            let covered = mapped[s.id] ?? []
            let uncovered = s.requirements.filter { !$0.manual && !covered.contains($0.id) }.map(\.id)
            let claimed = s.requirements.filter { $0.manual && covered.contains($0.id) }.map(\.id)
            #expect(uncovered.isEmpty, "\(s.id): automated requirements no check maps to: \(uncovered.joined(separator: ", "))")
            #expect(claimed.isEmpty, "\(s.id): manual requirements a check maps to: \(claimed.joined(separator: ", "))")
        }
    }

    /// The `standards` references of every built-in check file (flow `[...]` or block `- ...` list), read
    /// without loading the checks: a load stops at the first stale reference.
    func builtInCheckReferences() throws -> [(String, [StandardRef])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.builtInChecks.path).filter { $0.hasSuffix(".yaml") }
        return try names.sorted().map { name in
            let lines = try String(contentsOf: Self.builtInChecks.appendingPathComponent(name), encoding: .utf8)
                .components(separatedBy: "\n")
            guard let at = lines.firstIndex(where: { $0.hasPrefix("standards:") }) else { return (name, []) }
            var items = lines[at].dropFirst("standards:".count).split(separator: ",").map(String.init)
            for line in lines[(at + 1)...] {
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("- ") else { break }
                items.append(String(t.dropFirst(2)))
            }
            let strip = CharacterSet(charactersIn: " []\"'")
            return (name, items.compactMap { StandardRef($0.trimmingCharacters(in: strip)) })
        }
    }

    static let builtInChecks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Shared/PalisadeBenchmark/Data/checks/aws")
}
