import Foundation
import GraphCore
import PalisadeModel
import Testing

/// Every built-in template, run with its defaults against the built estate (`ExplorerEstate`), returns exactly
/// the answer the estate was drawn to give.
@Suite struct ExplorerTemplateTests {
    static let appRole = "app-role"

    /// The expected rows per template; a template without an entry here fails `everyTemplateHasAnExpectation`.
    static let expected: [String: [[JSONValue]]] = [
        "internet-exposed-instances-with-high-severity-findings":
            [["web-1", "eu-west-1", ["tcp/22"], "1 failing: aws-ec2-sg-ssh-open-internet"]],
        "instances-with-management-ports-open-to-the-internet": [["web-1", "eu-west-1", ["tcp/22"]]],
        // report-fn's function URL configuration was not collected: shown, with the reason, not assumed.
        "internet-exposed-resources": [["web-1", "Ec2Instance", ["tcp/22"], .null],
                                       ["report-fn", "LambdaFunction", ["tcp/443"],
                                        "function URL unknown: function URL configuration not reported"]],
        "principals-that-can-read-sensitive-buckets": [
            ["app-role", "IamRole", "app-data", false],
            ["ops-admin", "IamUser", "app-data", false],
            // The public bucket policy (Principal "*") grants every principal, inside the account too.
            ["any principal", "AnyPrincipal", "customer-exports", false],
            ["app-role", "IamRole", "customer-exports", false],
            ["dev", "IamUser", "customer-exports", false],
            ["ops-admin", "IamUser", "customer-exports", false],
            ["partner-role", "IamRole", "customer-exports", false],
            ["report-role", "IamRole", "customer-exports", false],
            ["app-role", "IamRole", "payment-archive", false],
            ["ops-admin", "IamUser", "payment-archive", false],
        ],
        "roles-assumable-from-outside-the-account": [
            ["partner-role", "arn:aws:iam::999999999999:root", true, ["StringEquals sts:ExternalId = [partner-7]"]],
        ],
        "escalation-paths-to-admin": [["dev", 1, ["iam:CreatePolicyVersion"], 1]],
        "public-data-stores": [["customer-exports", "S3Bucket", true, ["CAN_READ"]]],
        // app-data is encrypted with k-1; customer-exports is readable by app-role through its public policy.
        "sensitive-data-reachable-from-the-internet-without-customer-managed-key": [
            ["customer-exports", "S3Bucket", 3], ["payment-archive", "S3Bucket", 3],
        ],
        // Not through report-fn: its exposure is unknown.
        "sensitive-data-reachable-from-the-internet": [
            ["app-data", "web-1", ["CAN_READ", "CAN_WRITE"], 3],
            ["customer-exports", "web-1", ["CAN_READ"], 3],
            ["payment-archive", "web-1", ["CAN_READ"], 3],
        ],
        "leaked-credentials": [["report-fn", "LambdaFunction", "ops-admin", true,
                                [.string("access-key:ops-admin:\(ExplorerEstate.leakedKey)")]]],
        "secrets-readable-from-internet-exposed-compute": [["web-1", "app-role", "db"]],
        "kms-keys-protecting-sensitive-data": [["k-1", ["app-data"], ["app-role", "ops-admin"]]],
        "conditional-permissions": [
            ["account 999999999999", "CAN_ASSUME", "partner-role", ["StringEquals sts:ExternalId = [partner-7]"]],
        ],
        "account-administrators": [["ops-admin", "IamUser", .string(ExplorerEstate.account), "allows every action on * and IAM self-escalation"]],
        "users-with-console-access-without-mfa": [["ops-admin", true]],
        "internet-exposed-compute-with-admin-roles": [],
        "lateral-movement-from-internet-exposed-instances": [["web-1", "batch-1", ["tcp/8080"]]],
        "data-writable-from-internet-exposed-compute": [["web-1", "app-role", "app-data", true]],
    ]

    @Test func thereAreAtLeastFifteenTemplatesWithUniqueNames() {
        #expect(ExplorerTemplate.builtIn.count >= 15)
        #expect(Set(ExplorerTemplate.builtIn.map(\.name)).count == ExplorerTemplate.builtIn.count)
        for t in ExplorerTemplate.builtIn {
            #expect(!t.title.isEmpty && !t.description.isEmpty, "\(t.name)")
            for p in t.parameters { #expect(t.query.contains("$\(p.name)"), "\(t.name) never uses $\(p.name)") }
        }
    }

    @Test func everyTemplateHasAnExpectation() {
        #expect(Set(ExplorerTemplate.builtIn.map(\.name)) == Set(Self.expected.keys))
    }

    @Test(arguments: ExplorerTemplate.builtIn.map(\.name))
    func templateAnswersTheEstate(_ name: String) throws {
        let t = try #require(ExplorerTemplate.named(name))
        let result = try ExplorerEstate.explorer.run(t.query, parameters: try t.arguments([:], text: [:]))
        #expect(result.rows.map(Self.sortedLists) == (Self.expected[name] ?? [[.string("no expectation")]]).map(Self.sortedLists),
                "\(name): \(result.rows)")
    }

    /// Lists built by collect() follow match order; the answer is the set.
    static func sortedLists(_ row: [JSONValue]) -> [JSONValue] {
        row.map { v in
            guard case .array(let items) = v, items.allSatisfy({ $0.stringValue != nil }) else { return v }
            return .array(items.sorted { ($0.stringValue ?? "") < ($1.stringValue ?? "") })
        }
    }

    @Test func anExposedInstanceWithAnAdminRoleIsFound() throws {
        let admin = Explorer(graph: ExplorerGraph(ExplorerEstate.graph(appRoleAttached: [Estate.adminAttached])))
        let t = try #require(ExplorerTemplate.named("internet-exposed-compute-with-admin-roles"))
        #expect(try admin.run(t.query).rows == [["web-1", "Ec2Instance", "app-role"]])
    }

    @Test func parametersNarrowTheAnswer() throws {
        let exposed = try #require(ExplorerTemplate.named("internet-exposed-resources"))
        #expect(try ExplorerEstate.explorer.run(exposed.query, parameters: exposed.arguments([:], text: ["region": "us-east-1"])).rows == [])
        let ports = try #require(ExplorerTemplate.named("instances-with-management-ports-open-to-the-internet"))
        #expect(try ExplorerEstate.explorer.run(ports.query, parameters: ports.arguments([:], text: ["ports": "3389,5985"])).rows == [])
        #expect(try ExplorerEstate.explorer.run(ports.query, parameters: ports.arguments([:], text: ["ports": "22"])).rows
            == [["web-1", "eu-west-1", ["tcp/22"]]])
        let readers = try #require(ExplorerTemplate.named("principals-that-can-read-sensitive-buckets"))
        #expect(try ExplorerEstate.explorer.run(readers.query, parameters: readers.arguments([:], text: ["bucket": "pay.*"])).rows
            == [["app-role", "IamRole", "payment-archive", false], ["ops-admin", "IamUser", "payment-archive", false]])
        let conditional = try #require(ExplorerTemplate.named("conditional-permissions"))
        #expect(try ExplorerEstate.explorer.run(conditional.query, parameters: conditional.arguments([:], text: ["types": "CAN_READ"])).rows == [])
    }

    @Test func parameterTextIsReadAsTheDefaultsType() throws {
        #expect(ExplorerTemplate.read("22, 3389", like: [22]) == [22, 3389])
        #expect(ExplorerTemplate.read("[a,b]", like: []) == ["a", "b"])
        #expect(ExplorerTemplate.read("true", like: false) == true)
        #expect(ExplorerTemplate.read("us-east-1") == "us-east-1")
        #expect(ExplorerTemplate.read("42") == 42)
        #expect(ExplorerTemplate.read("null") == .null)
        let t = try #require(ExplorerTemplate.named("internet-exposed-resources"))
        do {
            _ = try t.arguments([:], text: ["regoin": "x"])
            Issue.record("an unknown parameter was accepted")
        } catch {
            #expect(error.code == "graph.query.parameter")
            #expect(error.message == "template internet-exposed-resources has no parameter 'regoin'; its parameters: region")
        }
    }
}

/// The examples in docs/explorer.md § Examples run against the estate.
@Suite struct ExplorerDocumentationTests {
    @Test func documentedExamplesRun() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/explorer.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Examples").last)
        let block = try #require(section.components(separatedBy: "```cypher\n").dropFirst().first?
            .components(separatedBy: "```").first)
        let queries = block.components(separatedBy: "\n\n").map {
            $0.split(separator: "\n").filter { !$0.hasPrefix("//") }.joined(separator: "\n")
        }.filter { !$0.isEmpty }
        #expect(queries.count == 5)
        for q in queries {
            #expect(throws: Never.self, "\(q)") { _ = try ExplorerEstate.explorer.run(q) }
        }
        let chain = try ExplorerEstate.explorer.run(queries[3])
        #expect(chain.rows.map { $0[0] } == [["Internet", "web-1", "app-role", "db"]])
    }
}
