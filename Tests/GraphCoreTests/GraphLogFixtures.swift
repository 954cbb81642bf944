import Foundation
import GraphCore
import Logging
import PalisadeModel
import PalisadeProtocol

/// Two accounts scanned over time, for the tests of the graph kept from the event log: the exposed web estate
/// (fixed, then reopened with a bucket gone) and an escalation estate (unchanged, then grown by one user).
enum LogHistory {
    static let web = Estate.resources()
    static let webFixed = Estate.resources(sgCidr: "10.0.0.0/8")
    static let webReopened = Estate.resources().filter { $0.name != "other-data" }

    static let dev = Esc.user("dev", inline: [Esc.inline("launch", Esc.doc([Esc.allow(["iam:PassRole", "ec2:RunInstances"],
                                                                                    sid: "Launch")]))],
                              keys: [Esc.key("AKIADEVLEAKED0000001")])
    /// The entry: a function outside any VPC whose environment holds dev's active key id.
    static let leaky = Esc.function("leaky", role: "fn-admin", keys: ["AKIADEVLEAKED0000001"])
    static let esc = [dev, leaky, EscalationTests.adminRole, EscalationTests.lambdaOnlyRole]
    static let escGrown = esc + [EscalationTests.carol]

    static func finding(_ check: String, on r: Resource, severity: Severity = .high, status: FindingStatus = .fail,
                        version: Int = 1, reason: String = "fails") -> Finding {
        Finding(id: "aws/\(r.account)/\(r.region)/\(check)/\(r.id)", checkID: check, title: check, severity: severity,
                controlID: "c", resourceID: r.id, resourceType: r.type, provider: "aws", account: r.account,
                region: r.region, status: status, reason: reason, remediation: "fix it",
                firstSeen: Date(timeIntervalSince1970: 1_700_000_000), lastSeen: Date(timeIntervalSince1970: 1_700_000_000),
                scanID: "scan", version: version, lifecycle: .new)
    }

    /// A high-severity failing finding on the web instance (the path's entry gets `high_severity_findings`).
    static let webFinding = finding("aws-ec2-instance-imdsv2", on: Estate.instance())
    static let sgFinding = finding("aws-ec2-sg-ssh-open-internet", on: Estate.securityGroup(id: "sg-open", cidr: "0.0.0.0/0"))

    /// One seal per step, in this order: (scan id, account, resources, findings).
    static let steps: [(String, String, [Resource], [Finding])] = [
        ("web-1", Estate.account, web, [webFinding, sgFinding]),
        ("esc-1", Esc.account, esc, []),
        ("web-2", Estate.account, webFixed, [finding("aws-ec2-instance-imdsv2", on: Estate.instance(), status: .pass, version: 2)]),
        ("esc-2", Esc.account, esc, []),
        ("web-3", Estate.account, webReopened, [finding("aws-ec2-instance-imdsv2", on: Estate.instance(), version: 3), sgFinding]),
        ("esc-3", Esc.account, escGrown, []),
    ]

    static func seal(_ assessor: FakeAssessor, _ step: (String, String, [Resource], [Finding])) throws {
        try assessor.seal(step.0, resources: step.2, findings: step.3, account: step.1)
    }

    static let workload = GraphCheck(id: "aws-graph-ec2-instance-exposed-privileged-role", resourceType: "aws.ec2.instance",
                                     rule: GraphRule(rule: .exposedPrivilegedWorkload))
}

/// A graph store and consumer on a fresh directory.
struct GraphReplica {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graph-\(UUID().uuidString)")
    let store: GraphStore
    let consumer: GraphConsumer

    init(_ assessor: FakeAssessor, dir: URL? = nil, checks: [GraphCheck] = [LogHistory.workload],
         failpoint: (@Sendable (String) throws -> Void)? = nil) throws {
        let directory = dir ?? self.dir
        store = try GraphStore(directory: directory)
        let logger = Logger(label: "test")
        consumer = GraphConsumer(store: store, sender: assessor.bus, logger: logger,
                                 now: { Date(timeIntervalSince1970: 1_700_000_100) }, checks: checks,
                                 delivery: VerdictDelivery(sender: assessor.bus, logger: logger, retry: .none),
                                 failpoint: failpoint)
    }

    /// Applies everything after the cursor, `limit` events per page (as the puller does).
    func catchUp(_ assessor: FakeAssessor, limit: Int = .max) async throws {
        while true {
            let page = assessor.page(after: try consumer.cursor(), limit: limit)
            guard !page.isEmpty else { return }
            try await consumer.apply(page)
        }
    }

    /// What a user can see, for comparing replicas: per account the node ids and edge keys, per scan the paths (id,
    /// lifecycle, title, risk), the resolved path ids, the build it shows, and the cursor.
    struct View: Equatable {
        var nodes: [String: [String]] = [:]
        var edges: [String: [String]] = [:]
        var paths: [String: [String]] = [:]
        var resolved: [String: [String]] = [:]
        var built: [String: String] = [:]
        var cursor: Int64 = 0
    }

    func view(scans: [String], accounts: [String]) throws -> View {
        var v = View()
        for account in accounts {
            let g = try store.graph(account: account)
            v.nodes[account] = g.nodes.map(\.id).sorted()
            v.edges[account] = g.edges.map { "\($0.src) -\($0.kind)/\($0.method ?? "")-> \($0.dst)" }.sorted()
        }
        for scan in scans {
            let reply = try store.paths(scanID: scan)
            v.paths[scan] = reply.paths.map { "\($0.id) \($0.lifecycle.rawValue) \($0.risk) \($0.title)" }
            v.resolved[scan] = reply.resolved.map(\.id)
            v.built[scan] = try store.builtScan(of: scan)
        }
        v.cursor = try store.position().cursor
        return v
    }
}
