import GraphCore
import PalisadeModel
import Testing

/// Databases, load balancers, function URLs and cluster endpoints.
@Suite struct NetworkResourceTests {
    static let dbID = "arn:aws:rds:eu-west-1:123456789012:db:orders"

    static func database(public: Bool = true, subnets: [String] = ["subnet-pub"], status: String = "available") -> Resource {
        Net.resource("aws.rds.db_instance", "orders", dbID, [
            "dbInstanceIdentifier": "orders", "engine": "postgres", "status": .string(status), "port": 5432,
            "vpcId": "vpc-1", "dbSubnetGroupName": "orders-subnets", "publiclyAccessible": .bool(`public`),
            "vpcSecurityGroupIds": ["sg-db"],
            "raw": ["AvailabilityZone": "eu-west-1a", "DBSubnetGroup": ["DBSubnetGroupName": "orders-subnets",
                "Subnets": ["Subnet": .array(subnets.map { ["SubnetIdentifier": .string($0),
                                                           "SubnetAvailabilityZone": ["Name": "eu-west-1a"]] })]]],
        ])
    }

    static let dbGroup = Net.securityGroup("sg-db", ingress: [Net.rule("tcp", 5432...5432), Net.rule("tcp", 22...22)])

    @Test func publicDatabaseInAPublicSubnetIsExposedOnItsPortOnly() throws {
        let g = Net.graph(Net.estate(Self.database(), Self.dbGroup))
        let e = try #require(g.exposure(Self.dbID))
        #expect(e.ports == ["tcp/5432"], "the SG's tcp/22 rule opens nothing on a database")
        #expect(e.details.contains { $0.fix == "check:aws-rds-instance-not-publicly-accessible:\(Self.dbID)"
            && $0.checks == ["aws-rds-instance-not-publicly-accessible"] })
    }

    @Test func publicDatabaseInAPrivateSubnetIsNotExposed() {
        let g = Net.graph(Net.estate(Self.database(subnets: ["subnet-priv"]), Self.dbGroup, Net.subnet("subnet-priv", cidr: "10.0.2.0/24"),
                                     Net.routeTable("rtb-priv", subnets: ["subnet-priv"], routes: [Net.route("0.0.0.0/0", "nat_gateway", "nat-1")])))
        #expect(g.exposure(Self.dbID) == nil)
        #expect(Net.graph(Net.estate(Self.database(public: false), Self.dbGroup)).exposure(Self.dbID) == nil)
    }

    static let lbID = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/1"
    static let tgID = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop/2"

    static func balancer(scheme: String = "internet-facing") -> Resource {
        Net.resource("aws.elbv2.load_balancer", "shop", lbID, [
            "loadBalancerName": "shop", "loadBalancerArn": .string(lbID), "scheme": .string(scheme),
            "internetFacing": .bool(scheme == "internet-facing"), "type": "application", "vpcId": "vpc-1",
            "ipAddressType": "ipv4", "state": "active", "securityGroups": ["sg-lb"],
            "availabilityZones": [["zoneName": "eu-west-1a", "subnetId": "subnet-pub"]],
            "listeners": [["listenerArn": .string("\(lbID)/l-443"), "protocol": "HTTPS", "port": 443, "sslPolicy": "p",
                           "certificateArns": [], "redirectsToHttps": false,
                           "defaultActions": [["type": "forward", "targetGroupArn": .string(tgID), "order": 1]]]],
        ])
    }

    static let targetGroup = Net.resource("aws.elbv2.target_group", "shop", tgID, [
        "targetGroupName": "shop", "targetGroupArn": .string(tgID), "protocol": "HTTP", "port": 8080,
        "targetType": "instance", "vpcId": "vpc-1", "loadBalancerArns": [.string(lbID)],
        "targets": [["id": "i-app", "port": 8080, "state": "healthy"]],
    ])

    static func appResources(appIngress: [JSONValue]) -> [Resource] {
        [balancer(), targetGroup,
         Net.securityGroup("sg-lb", ingress: [Net.rule("tcp", 443...443), Net.rule("tcp", 80...80)]),
         Net.securityGroup("sg-app", ingress: appIngress),
         Net.interface("eni-app", instance: "i-app", groups: ["sg-app"], privateIp: "10.0.1.20", publicIp: nil),
         Net.instance("i-app", name: "app-1", enis: ["eni-app"], groups: ["sg-app"], privateIp: "10.0.1.20", publicIp: nil)]
    }

    @Test func internetFacingBalancerOn443ForwardsToTheInstanceItsGroupAdmits() throws {
        let g = Net.graph(Net.publicNetwork() + Self.appResources(appIngress: [Net.rule("tcp", 8080...8080, v4: [], groups: ["sg-lb"])]))
        let e = try #require(g.exposure(Self.lbID))
        #expect(e.ports == ["tcp/443"], "port 80 is open in the group but no listener serves it")
        #expect(e.details.contains { $0.kind == "listener" && $0.fix == "listener:\(Self.lbID)/l-443" })
        #expect(e.details.contains { $0.fix == "sg-rule:sg-lb:in:tcp:443-443:0.0.0.0/0" })
        let app = Net.arn("instance", "i-app")
        let f = try #require(g.edge("forwards_to", Self.lbID, app))
        #expect(f.ports == ["tcp/8080"])
        #expect(f.details.map(\.kind) == ["listener", "target_group", "sg_rule"])
        #expect(f.details.last?.fix == "sg-rule:sg-app:in:tcp:8080-8080:sg-lb")
        #expect(g.exposure(app) == nil, "the target has no public address of its own")

        let closed = Net.graph(Net.publicNetwork() + Self.appResources(appIngress: [Net.rule("tcp", 8080...8080, v4: [], groups: ["sg-other"])]))
        #expect(closed.edge("forwards_to", Self.lbID, app) == nil, "the target's group does not admit the balancer")
        let internalOnly = Net.graph(Net.publicNetwork() + [Self.balancer(scheme: "internal")] + Self.appResources(appIngress: []).dropFirst())
        #expect(internalOnly.exposure(Self.lbID) == nil)
    }

    static func function(url: JSONValue?, unknown: [String: String] = [:]) -> Resource {
        var p: [String: JSONValue] = ["functionName": "hook", "functionArn": "arn:aws:lambda:eu-west-1:123456789012:function:hook",
                                      "vpcConfig": .null, "inVpc": false]
        if let url { p["functionUrl"] = url }
        return Net.resource("aws.lambda.function", "hook", "arn:aws:lambda:eu-west-1:123456789012:function:hook", p, unknown: unknown)
    }

    @Test func functionURLWithoutAuthIsExposedOn443AndIAMAuthIsNot() throws {
        let id = "arn:aws:lambda:eu-west-1:123456789012:function:hook"
        let open = Net.graph([Self.function(url: ["url": "https://abc.lambda-url.eu-west-1.on.aws/", "authType": "NONE",
                                                  "cors": .null, "invokeMode": "BUFFERED"])])
        let e = try #require(open.exposure(id))
        #expect(e.ports == ["tcp/443"])
        #expect(e.details.map(\.kind) == ["function_url"])
        #expect(e.details[0].detail.contains("https://abc.lambda-url"))
        let iam = Net.graph([Self.function(url: ["url": "https://abc.lambda-url.eu-west-1.on.aws/", "authType": "AWS_IAM"])])
        #expect(iam.exposure(id) == nil)
        #expect(Net.graph([Self.function(url: .null)]).exposure(id) == nil, "no function URL")
        let denied = Net.graph([Self.function(url: nil, unknown: ["functionUrl": "AccessDeniedException: lambda:GetFunctionUrlConfig"])])
        #expect(try #require(denied.exposure(id)).unknown?.contains("AccessDeniedException") == true)
    }

    static func cluster(cidrs: [String]?) -> Resource {
        Net.resource("aws.eks.cluster", "prod", "arn:aws:eks:eu-west-1:123456789012:cluster/prod", [
            "name": "prod", "status": "ACTIVE", "endpointPublicAccess": true, "endpointPrivateAccess": false,
            "publicAccessCidrs": cidrs.map { .array($0.map(JSONValue.string)) } ?? .null, "vpcId": "vpc-1"])
    }

    @Test func clusterEndpointOpenToTheWorldIsExposedAndARestrictedOneIsNot() throws {
        let id = "arn:aws:eks:eu-west-1:123456789012:cluster/prod"
        let e = try #require(Net.graph([Self.cluster(cidrs: ["0.0.0.0/0"])]).exposure(id))
        #expect(e.ports == ["tcp/443"])
        #expect(e.details[0].checks == ["aws-eks-cluster-endpoint-not-public"])
        #expect(Net.graph([Self.cluster(cidrs: ["203.0.113.0/24"])]).exposure(id) == nil)
        #expect(try #require(Net.graph([Self.cluster(cidrs: nil)]).exposure(id)).unknown != nil)
    }
}
