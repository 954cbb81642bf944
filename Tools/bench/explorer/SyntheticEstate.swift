import Foundation
import GraphCore
import PalisadeModel

/// A synthetic security graph of realistic shape for the explorer benchmark, as `SecurityGraph` values with
/// kinds, insights and edge properties like the builders produce. `accounts` blocks of 10,000 nodes: 4,000
/// instances in three tiers (80 web instances exposed on SSH/HTTPS, one in 37 with high-severity findings),
/// 3,995 network interfaces, 2 VPCs, 40 subnets, 30 security groups, 2 internet gateways, 700 roles (500
/// instance roles, 200 service roles in assume-role chains of three, one chain in ten ending in administration),
/// 300 users (1 in 10 without MFA, 5 administrators), 30 groups, 300 Lambda functions (3 holding a leaked key), 400
/// buckets (40 sensitive, 3 public), 100 secrets, 50 KMS keys (10 encrypting sensitive buckets), 50 databases
/// (2 exposed); about 36,000 edges per block. Deterministic for a seed.
struct SyntheticEstate {
    var graph = SecurityGraph()

    static let nodesPerAccount = 10_000

    init(accounts: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        graph.nodes.reserveCapacity(accounts * Self.nodesPerAccount + 2)
        graph.nodes.append(GraphNode(id: "internet", kind: "internet", label: "Internet"))
        graph.nodes.append(GraphNode(id: "principal:*", kind: "aws.any_principal", label: "any principal"))
        for a in 0..<accounts { addAccount(a, rng: &rng) }
    }

    mutating func addAccount(_ a: Int, rng: inout SplitMix64) {
        let acct = String(format: "%012d", 100_000_000_000 + a)
        let region = ["us-east-1", "eu-west-1", "ap-south-1"][a % 3]
        var exposedPorts: [Int: String] = [:]
        func node(_ kind: String, _ name: String, _ count: Int, region r: String? = nil,
                  insights: (Int) -> [NodeInsight] = { _ in [] }) -> [String] {
            (0..<count).map { i in
                let id = "arn:aws:\(kind):\(acct):\(name)-\(i)"
                graph.nodes.append(GraphNode(id: id, kind: kind, label: "\(name)-\(i)", account: acct,
                                             region: r ?? region, insights: insights(i)))
                return id
            }
        }
        func pick(_ ids: [String]) -> String { ids[Int(rng.next() % UInt64(ids.count))] }
        func edge(_ s: String, _ d: String, _ kind: String, ports: [String] = [], conditional: Bool = false,
                  method: String? = nil, permissions: [String] = []) {
            graph.edges.append(GraphEdge(
                src: s, dst: d, kind: kind, evidence: "\(kind) evidence",
                details: [EdgeEvidence(kind: "policy_statement", source: s, detail: "Statement[0]", fix: "fix:\(kind)")],
                ports: ports, conditional: conditional,
                conditions: conditional ? ["StringEquals sts:ExternalId = [x]"] : [], method: method,
                permissions: permissions))
        }
        let accountID = "arn:aws:iam::\(acct):root"
        graph.nodes.append(GraphNode(id: accountID, kind: "aws.account", label: "account \(acct)", account: acct,
                                     region: "global"))
        let vpcs = node("aws.ec2.vpc", "vpc", 2), subnets = node("aws.ec2.subnet", "subnet", 40)
        let sgs = node("aws.ec2.security_group", "sg", 30), igws = node("aws.ec2.internet_gateway", "igw", 2)
        for i in 0..<80 { exposedPorts[i] = i % 2 == 0 ? "tcp/22, tcp/443" : "tcp/443" }
        let instances = node("aws.ec2.instance", "instance", 4000) { i in
            var out: [NodeInsight] = []
            if let p = exposedPorts[i] { out.append(NodeInsight(kind: "internet_exposed", detail: p)) }
            if i < 400 && i % 37 == 0 { out.append(NodeInsight(kind: "high_severity_findings", detail: "1 failing: aws-ec2-sg-ssh-open-internet")) }
            return out
        }
        let enis = node("aws.ec2.network_interface", "eni", 3995)
        let instanceRoles = node("aws.iam.role", "instance-role", 500, region: "global")
        let serviceRoles = node("aws.iam.role", "service-role", 200, region: "global") { i in
            i % 3 == 2 && (i / 3) % 10 == 0 ? [NodeInsight(kind: "admin", detail: "AdministratorAccess")] : []
        }
        let users = node("aws.iam.user", "user", 300, region: "global") { i in
            var out: [NodeInsight] = []
            if i % 10 == 3 { out.append(NodeInsight(kind: "mfa_missing", detail: "console password without MFA")) }
            if i < 5 { out.append(NodeInsight(kind: "admin", detail: "AdministratorAccess")) }
            return out
        }
        let groups = node("aws.iam.group", "group", 30, region: "global")
        let functions = node("aws.lambda.function", "function", 300) { i in
            i >= 297 ? [NodeInsight(kind: "leaked_credentials", detail: "AKIA… in environment")] : []
        }
        let buckets = node("aws.s3.bucket", "bucket", 400) { i in
            var out: [NodeInsight] = []
            if i < 40 { out.append(NodeInsight(kind: "sensitive_data", detail: "tag data-classification=confidential")) }
            if i < 3 { out.append(NodeInsight(kind: "public_access", detail: "bucket policy Principal *")) }
            return out
        }
        let secrets = node("aws.secretsmanager.secret", "secret", 100) { _ in [NodeInsight(kind: "holds_secrets", detail: "Secrets Manager secret")] }
        let keys = node("aws.kms.key", "key", 50) { i in
            i < 10 ? [NodeInsight(kind: "protects_sensitive_data", detail: "encrypts bucket-\(i * 4)")] : []
        }
        let databases = node("aws.rds.db_instance", "db", 50) { i in
            var out: [NodeInsight] = []
            if i < 5 { out.append(NodeInsight(kind: "sensitive_data", detail: "name contains 'customer'")) }
            if i == 0 || i == 7 { out.append(NodeInsight(kind: "internet_exposed", detail: "tcp/5432")) }
            return out
        }
        let web = Array(instances[0..<400]), app = Array(instances[400..<2000]), batch = Array(instances[2000...])

        // Structure.
        for g in igws { edge("internet", g, "routes_to") }
        for (i, s) in subnets.enumerated() { edge(vpcs[i % 2], s, "contains"); edge(igws[i % 2], s, "routes_to") }
        for (i, e) in enis.enumerated() {
            edge(subnets[i % 40], e, "contains")
            edge(e, instances[i], "attached_to")
            edge(sgs[i % 30], e, "protects")
        }
        for u in users { edge(u, pick(groups), "member_of") }
        for _ in 0..<500 { edge(pick(users), pick(instanceRoles), "can_pass") }

        // Exposure and lateral movement.
        for (i, w) in web.prefix(80).enumerated() {
            edge("internet", w, "exposes", ports: exposedPorts[i]?.components(separatedBy: ", ") ?? [])
        }
        edge("internet", databases[0], "exposes", ports: ["tcp/5432"])
        edge("internet", databases[7], "exposes", ports: ["tcp/5432"])
        for w in web { for _ in 0..<8 { edge(w, pick(app), "can_reach", ports: ["tcp/8080"]) } }
        for x in app { for _ in 0..<4 { edge(x, pick(batch), "can_reach", ports: ["tcp/9000"]) } }

        // Workloads and their roles.
        for (i, inst) in instances.enumerated() where i % 8 != 7 { edge(inst, instanceRoles[i % 500], "has_role") }
        for (i, f) in functions.enumerated() { edge(f, instanceRoles[(i * 3) % 500], "has_role") }

        // Assume-role chains; one chain in ten ends in administration.
        for (i, r) in instanceRoles.enumerated() {
            edge(r, serviceRoles[(i % 66) * 3], "can_assume", conditional: i % 25 == 0)
        }
        for chain in 0..<66 {
            edge(serviceRoles[chain * 3], serviceRoles[chain * 3 + 1], "can_assume")
            edge(serviceRoles[chain * 3 + 1], serviceRoles[chain * 3 + 2], "can_assume")
            if chain % 10 == 0 { edge(serviceRoles[chain * 3 + 2], accountID, "administers") }
        }
        for u in users { edge(u, pick(serviceRoles), "can_assume"); edge(u, pick(instanceRoles), "can_assume") }
        edge("principal:*", serviceRoles[1], "can_assume")
        if a % 4 == 0 {
            let external = "arn:aws:iam::\(String(format: "%012d", 900_000_000_000 + a)):root"
            graph.nodes.append(GraphNode(id: external, kind: "aws.external_account", label: "external \(a)"))
            edge(external, serviceRoles[4], "can_assume", conditional: true)
        }

        // Permissions.
        func grant(_ p: String) {
            switch rng.next() % 10 {
            case 0...5: edge(p, pick(buckets), rng.next() % 3 == 0 ? "can_write" : "can_read")
            case 6, 7: edge(p, pick(secrets), "can_get_secret")
            case 8: edge(p, pick(keys), "can_decrypt")
            default: edge(p, pick(databases), "can_read")
            }
        }
        for r in instanceRoles { for _ in 0..<4 { grant(r) } }
        for r in serviceRoles { for _ in 0..<10 { grant(r) } }
        for u in users { for _ in 0..<5 { grant(u) } }
        for u in users.prefix(5) { edge(u, accountID, "administers") }
        for i in 0..<50 {
            edge(users[5 + i], i % 5 == 0 ? accountID : pick(serviceRoles), "can_escalate",
                 method: "iam:CreatePolicyVersion", permissions: ["iam:CreatePolicyVersion"])
        }

        // Leaked keys, public buckets.
        for f in functions.suffix(3) { edge(f, pick(users), "can_authenticate_as") }
        for b in buckets.prefix(3) { edge("principal:*", b, "can_read") }
    }
}

/// A small, fast, seedable generator (Steele, Lea, Flood 2014).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
