import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

@Suite struct LoaderTests {
    func dir(_ files: [String: String]) throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("checks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: d.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return d
    }

    func check(_ id: String, assert: String, control: String = "enable-mfa", resource: String = "aws.s3.bucket",
               extra: String = "") -> String {
        """
        id: \(id)
        title: Custom check
        severity: low
        resource: \(resource)
        control: \(control)
        rationale: Because.
        remediation:
          text: Fix it.
        \(extra)assert: \(assert)
        """
    }

    func loadError(_ files: [String: String]) throws -> BenchmarkError? {
        let d = try dir(files)
        do throws(BenchmarkError) { _ = try Benchmark.load(builtIn: false, extraDirectories: [d]); return nil } catch {
            return error
        }
    }

    @Test func customChecksLoadLikeBuiltIns() throws {
        let b = try Benchmark.load(builtIn: true, extraDirectories: [
            try dir(["org-bucket-tagged.yaml": check("org-bucket-tagged", assert: "tags.owner != null")])])
        #expect(b.check(id: "org-bucket-tagged")?.metadata.controlID == "enable-mfa")
        #expect(b.checks.count > 15)
    }

    @Test func badExpressionReportsFileLineColumn() throws {
        let e = try #require(try loadError(["c1.yaml": check("c1", assert: "|\n  versioning == 'Enabled'\n    && size(x) >")]))
        #expect(e.line == 11)
        #expect(e.column == 17)
        #expect(e.description.hasSuffix("c1.yaml:11:17: in 'assert': expected a value (literal, path, function call, '(', '[' or '{'), found end of expression"))
        let q = try #require(try loadError(["c2.yaml": check("c2", assert: "\"a == = 1\"")]))
        #expect((q.line, q.column) == (9, 15))
    }

    @Test func metadataErrorsPointAtTheField() throws {
        let c = try #require(try loadError(["c.yaml": check("c", assert: "true", control: "nope")]))
        #expect(c.line == 5 && c.message.contains("unknown control 'nope'"))
        let i = try #require(try loadError(["other.yaml": check("c", assert: "true")]))
        #expect(i.message.contains("must match the file name"))
        let r = try #require(try loadError(["c.yaml": check("c", assert: "related.roles.exists(r, true)")]))
        #expect(r.message.contains("related.roles is not defined for aws.s3.bucket"))
        let y = try #require(try loadError(["c.yaml": "id: c\n  title: [unclosed\n"]))
        #expect(y.code == "benchmark.check.yaml" && y.line > 0)
        let m = try #require(try loadError(["c.yaml": "id: c\ntitle: t\n"]))
        #expect(m.message.contains("expected a 'severity' field"))
    }

    @Test func duplicateIdsAcrossDirectoriesAreRejected() throws {
        let a = try dir(["c.yaml": check("c", assert: "true")])
        let b = try dir(["c.yaml": check("c", assert: "false")])
        #expect(throws: BenchmarkError.self) { try Benchmark.load(builtIn: false, extraDirectories: [a, b]) }
        #expect(throws: BenchmarkError.self) {
            try Benchmark.load(builtIn: false, extraDirectories: [URL(fileURLWithPath: "/nonexistent/checks")])
        }
    }
}
