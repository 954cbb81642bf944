import PalisadeModel

/// What the network builder looks up over and over, built once per graph build: each subnet's route table and
/// network ACL (explicit association, else the VPC's main table / default ACL), Elastic IPs by interface and
/// instance, and the problems found so far (each reported once, however many resources share the element).
struct NetworkContext {
    let index: ResourceIndex
    private var routeTableBySubnet: [String: Resource] = [:]
    private var mainRouteTableByVPC: [String: Resource] = [:]
    private var aclBySubnet: [String: Resource] = [:]
    private var defaultACLByVPC: [String: Resource] = [:]
    private var eipByInterface: [String: Resource] = [:]
    private var eipByInstance: [String: Resource] = [:]
    private(set) var problems: [GraphProblem] = []
    private var seenProblems: Set<GraphProblem> = []

    init(_ index: ResourceIndex) {
        self.index = index
        for t in index.ofType("aws.ec2.route_table") {
            let p = t.properties
            var subnets = Self.strings(p["subnetIds"])
            subnets += (p["associations"]?.arrayValue ?? []).compactMap { $0["subnetId"]?.stringValue }
            for s in subnets { routeTableBySubnet["\(t.region)/\(s)"] = t }
            if p["main"]?.boolValue == true, let vpc = p["vpcId"]?.stringValue { mainRouteTableByVPC["\(t.region)/\(vpc)"] = t }
        }
        for a in index.ofType("aws.ec2.network_acl") {
            let p = a.properties
            for s in Self.strings(p["subnetIds"]) { aclBySubnet["\(a.region)/\(s)"] = a }
            if p["isDefault"]?.boolValue == true, let vpc = p["vpcId"]?.stringValue { defaultACLByVPC["\(a.region)/\(vpc)"] = a }
        }
        for e in index.ofType("aws.ec2.elastic_ip") {
            let p = e.properties
            if let eni = p["networkInterfaceId"]?.stringValue, !eni.isEmpty { eipByInterface["\(e.region)/\(eni)"] = e }
            if let i = p["instanceId"]?.stringValue, !i.isEmpty { eipByInstance["\(e.region)/\(i)"] = e }
        }
    }

    static func strings(_ v: JSONValue?) -> [String] { (v?.arrayValue ?? []).compactMap(\.stringValue) }

    func subnet(_ id: String, region: String) -> Resource? { index.lookup("aws.ec2.subnet", id, region: region) }

    /// The table routing the subnet: its explicit association, else the main table of its VPC.
    func routeTable(subnet: Resource) -> Resource? {
        let id = subnet.properties["subnetId"]?.stringValue ?? ""
        if let t = routeTableBySubnet["\(subnet.region)/\(id)"] { return t }
        return subnet.properties["vpcId"]?.stringValue.flatMap { mainRouteTableByVPC["\(subnet.region)/\($0)"] }
    }

    /// The subnet's network ACL: the one associated with it, else the VPC's default ACL.
    func networkACL(subnet: Resource) -> Resource? {
        let id = subnet.properties["subnetId"]?.stringValue ?? ""
        if let a = aclBySubnet["\(subnet.region)/\(id)"] { return a }
        return subnet.properties["vpcId"]?.stringValue.flatMap { defaultACLByVPC["\(subnet.region)/\($0)"] }
    }

    func elasticIP(interface id: String, region: String) -> Resource? { eipByInterface["\(region)/\(id)"] }
    func elasticIP(instance id: String, region: String) -> Resource? { eipByInstance["\(region)/\(id)"] }

    mutating func problem(_ resource: String, _ element: String, _ reason: String) {
        let p = GraphProblem(resource: resource, element: element, reason: reason)
        if seenProblems.insert(p).inserted { problems.append(p) }
    }
}
