import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

/// Checks the security graph decides (`evaluator: graph`): the loader takes them without an expression, validates
/// their rule, and keeps them out of what the assessor evaluates.
@Suite struct GraphCheckLoaderTests {
    func dir(_ files: [String: String]) throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("checks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: d.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return d
    }

    func graphCheck(_ id: String, graph: String, extra: String = "") -> String {
        """
        id: \(id)
        title: Graph check
        severity: high
        resource: aws.ec2.instance
        control: secure-management-ports
        rationale: Because.
        evaluator: graph
        graph:
        \(graph)
        remediation:
          text: Fix it.
        \(extra)
        """
    }

    func loadError(_ files: [String: String]) throws -> BenchmarkError? {
        let d = try dir(files)
        do throws(BenchmarkError) { _ = try Benchmark.load(builtIn: false, extraDirectories: [d]); return nil } catch {
            return error
        }
    }

    @Test func graphChecksLoadWithoutAnExpression() throws {
        let b = try Benchmark.load(builtIn: false, extraDirectories: [try dir([
            "g-ssh.yaml": graphCheck("g-ssh", graph: "  rule: internet_exposure\n  ports: [\"tcp/22\", \"tcp/2200-2222\"]"),
            "g-esc.yaml": graphCheck("g-esc", graph: "  rule: privilege_escalation"),
        ])])
        let ssh = try #require(b.check(id: "g-ssh"))
        #expect(ssh.isGraphDecided && ssh.assertion == nil)
        #expect(ssh.metadata.evaluator == .graph)
        #expect(ssh.metadata.graph == GraphRule(rule: .internetExposure, ports: [PortRange("tcp/22")!, PortRange("tcp/2200-2222")!]))
        #expect(b.graphChecks.map(\.id) == ["g-esc", "g-ssh"])
        #expect(b.expressionChecks.isEmpty)
        #expect(b.checks(for: "aws.ec2.instance").isEmpty, "the assessor's own evaluation skips them")
        #expect(ssh.evaluate(Resource(id: "i", account: "1", region: "r", type: "aws.ec2.instance", name: "i"),
                             now: Date()).0 == .error, "evaluated by mistake, never pass or fail")
    }

    @Test func builtInGraphChecksCoverTheGraphRules() throws {
        let b = try Benchmark.load()
        let rules = Set(b.graphChecks.compactMap { $0.metadata.graph?.rule })
        #expect(rules == Set(GraphRule.Kind.allCases))
        for id in ["aws-graph-ec2-instance-ssh-internet-reachable", "aws-graph-ec2-instance-rdp-internet-reachable",
                   "aws-graph-ec2-instance-database-port-internet-reachable", "aws-graph-iam-user-privilege-escalation",
                   "aws-graph-iam-role-privilege-escalation", "aws-graph-ec2-instance-exposed-privileged-role",
                   "aws-graph-s3-bucket-publicly-accessible"] {
            #expect(b.check(id: id)?.isGraphDecided == true, "\(id)")
        }
        let db = try #require(b.check(id: "aws-graph-ec2-instance-database-port-internet-reachable")?.metadata.graph)
        #expect(db.ports.map(\.description) == ["tcp/3306", "tcp/5432", "tcp/1433", "tcp/1521", "tcp/27017", "tcp/6379"])
        #expect(b.checks.filter { !$0.isGraphDecided }.allSatisfy { $0.assertion != nil })
    }

    @Test func badGraphChecksAreRefusedAtTheirPosition() throws {
        let unknownRule = try #require(try loadError(["g.yaml": graphCheck("g", graph: "  rule: teleport")]))
        #expect(unknownRule.description.contains("unknown graph rule 'teleport'"))
        #expect(unknownRule.line == 9)
        let noPorts = try #require(try loadError(["g.yaml": graphCheck("g", graph: "  rule: internet_exposure")]))
        #expect(noPorts.description.contains("needs 'ports'"))
        let badPort = try #require(try loadError(["g.yaml": graphCheck("g", graph: "  rule: internet_exposure\n  ports: [\"ssh\"]")]))
        #expect(badPort.description.contains("expected a port range like"))
        let withAssert = try #require(try loadError(["g.yaml": graphCheck("g", graph: "  rule: privilege_escalation",
                                                                          extra: "assert: size(x) > 0")]))
        #expect(withAssert.description.contains("decided by the security graph; remove 'assert'"))
        let noGraph = try #require(try loadError(["g.yaml": graphCheck("g", graph: "  x: 1").replacingOccurrences(
            of: "graph:\n  x: 1\n", with: "")]))
        #expect(noGraph.description.contains("expected 'graph'"))
        let badEvaluator = try #require(try loadError(["g.yaml": graphCheck("g", graph: "  rule: public_access")
            .replacingOccurrences(of: "evaluator: graph", with: "evaluator: oracle")]))
        #expect(badEvaluator.description.contains("unknown evaluator 'oracle': expected expression or graph"))
        let portsOnEscalation = try #require(try loadError(["g.yaml": graphCheck(
            "g", graph: "  rule: privilege_escalation\n  ports: [\"tcp/22\"]")]))
        #expect(portsOnEscalation.description.contains("takes no 'ports'"))
    }
}
