import PalisadeIAM
import PalisadeModel

/// Builds the security graph from an account's inventory (shapes per docs/resources/aws.md).
/// Pure: the same resources always give the same graph, in a stable order.
public enum GraphBuilder {
    public static func build(resources: [Resource]) -> SecurityGraph {
        let sorted = resources.sorted { $0.id < $1.id }
        var nodes = [GraphNode(id: GraphVocabulary.internetID, kind: GraphVocabulary.internetKind, label: "Internet")]
        nodes += sorted.map { GraphNode(id: $0.id, kind: $0.type, label: $0.name.isEmpty ? $0.id : $0.name) }
        let index = ResourceIndex(sorted)
        var edges: [GraphEdge] = []
        edges += exposureEdges(index)
        edges += instanceRoleEdges(index)
        edges += dataAccessEdges(index)
        let admins = adminEdges(index)
        edges += admins
        // Admin edges point at the account node; add it when the inventory has no aws.account resource.
        for account in Set(admins.map(\.dst)).sorted() where index.byID[account] == nil {
            let accountID = account.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? account
            nodes.append(GraphNode(id: account, kind: GraphVocabulary.accountKind, label: "account \(accountID)"))
        }
        return SecurityGraph(nodes: nodes, edges: edges)
    }
}

/// Lookups over one inventory.
struct ResourceIndex {
    var byID: [String: Resource] = [:]
    var byType: [String: [Resource]] = [:]
    /// `account/region/groupId` → security group.
    var securityGroups: [String: Resource] = [:]

    init(_ resources: [Resource]) {
        for r in resources {
            byID[r.id] = r
            byType[r.type, default: []].append(r)
            if r.type == "aws.ec2.security_group", let gid = r.properties["groupId"]?.stringValue {
                securityGroups["\(r.account)/\(r.region)/\(gid)"] = r
            }
        }
    }

    func ofType(_ type: String) -> [Resource] { byType[type] ?? [] }
}
