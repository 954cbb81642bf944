import GraphCore
import PalisadeModel

/// A small hand-drawn security graph whose every answer is known: two exposed web instances (web-1 with SSH
/// and HTTPS open and high-severity findings, web-2 on HTTP in another region), batch-1 reachable from web-1,
/// app-role (read customer-data, get db-password, assume admin-role only with an ExternalId), admin-role
/// (administers the account, decrypts k-1, which encrypts customer-data), and alice, who can assume app-role and
/// escalate to admin-role with PassRole + RunInstances.
enum Small {
    static let account = "111111111111"
    static func arn(_ s: String) -> String { "arn:aws:iam::\(account):\(s)" }
    static let web1 = "arn:aws:ec2:us-east-1:\(account):instance/i-web1"
    static let web2 = "arn:aws:ec2:eu-west-1:\(account):instance/i-web2"
    static let batch1 = "arn:aws:ec2:us-east-1:\(account):instance/i-batch1"
    static let appRole = arn("role/app-role"), adminRole = arn("role/admin-role"), alice = arn("user/alice")
    static let data = "arn:aws:s3:::customer-data", logs = "arn:aws:s3:::logs"
    static let key = "arn:aws:kms:us-east-1:\(account):key/k-1"
    static let secret = "arn:aws:secretsmanager:us-east-1:\(account):secret:db-password"
    static let root = arn("root")

    static func node(_ id: String, _ kind: String, _ name: String, region: String = "us-east-1",
                     _ insights: [(String, String)] = []) -> GraphNode {
        GraphNode(id: id, kind: kind, label: name, account: account, region: region,
                  insights: insights.map { NodeInsight(kind: $0.0, detail: $0.1) })
    }

    static func edge(_ s: String, _ d: String, _ kind: String, ports: [String] = [], conditional: Bool = false,
                     method: String? = nil, permissions: [String] = []) -> GraphEdge {
        GraphEdge(src: s, dst: d, kind: kind, evidence: "\(s) \(kind) \(d)",
                  details: [EdgeEvidence(kind: "test", source: s, detail: "\(kind) element", fix: "fix:\(kind):\(d)")],
                  ports: ports, conditional: conditional,
                  conditions: conditional ? ["StringEquals sts:ExternalId = [x]"] : [], method: method,
                  permissions: permissions)
    }

    static let graph = SecurityGraph(
        nodes: [
            GraphNode(id: "internet", kind: "internet", label: "Internet"),
            GraphNode(id: root, kind: "aws.account", label: "account \(account)", account: account, region: "global"),
            node(web1, "aws.ec2.instance", "web-1", [("internet_exposed", "tcp/22, tcp/443"),
                                                      ("high_severity_findings", "1 failing: aws-ec2-sg-ssh-open-internet")]),
            node(web2, "aws.ec2.instance", "web-2", region: "eu-west-1", [("internet_exposed", "tcp/80")]),
            node(batch1, "aws.ec2.instance", "batch-1"),
            node(appRole, "aws.iam.role", "app-role", region: "global"),
            node(adminRole, "aws.iam.role", "admin-role", region: "global", [("admin", "AdministratorAccess")]),
            node(alice, "aws.iam.user", "alice", region: "global", [("mfa_missing", "console password without MFA")]),
            node(data, "aws.s3.bucket", "customer-data", [("sensitive_data", "tag data-classification=confidential")]),
            node(logs, "aws.s3.bucket", "logs"),
            node(key, "aws.kms.key", "k-1", [("protects_sensitive_data", "encrypts customer-data")]),
            node(secret, "aws.secretsmanager.secret", "db-password", [("holds_secrets", "Secrets Manager secret")]),
        ],
        edges: [
            edge("internet", web1, "exposes", ports: ["tcp/22", "tcp/443"]),
            edge("internet", web2, "exposes", ports: ["tcp/80"]),
            edge(web1, batch1, "can_reach", ports: ["tcp/8080"]),
            edge(web1, appRole, "has_role"),
            edge(batch1, adminRole, "has_role"),
            edge(appRole, data, "can_read"),
            edge(appRole, secret, "can_get_secret"),
            edge(appRole, adminRole, "can_assume", conditional: true),
            edge(adminRole, root, "administers"),
            edge(adminRole, key, "can_decrypt"),
            edge(alice, appRole, "can_assume"),
            edge(alice, adminRole, "can_escalate", method: "iam:PassRole+ec2:RunInstances",
                 permissions: ["iam:PassRole", "ec2:RunInstances"]),
        ])

    static let explorer = Explorer(graph: ExplorerGraph(graph))

    /// Rows of a query as plain values.
    static func rows(_ q: String, _ params: [String: JSONValue] = [:],
                     limits: ExplorerLimits = ExplorerLimits()) throws -> [[JSONValue]] {
        try explorer.run(q, parameters: params, limits: limits).rows
    }

    /// The error a query fails with.
    static func error(_ q: String, _ params: [String: JSONValue] = [:],
                      limits: ExplorerLimits = ExplorerLimits()) -> ExplorerError? {
        do {
            _ = try explorer.run(q, parameters: params, limits: limits)
            return nil
        } catch { return error }
    }
}
