import PalisadeModel

/// Lookups over one account's inventory, built once per graph build.
public struct ResourceIndex: Sendable {
    public let account: String
    public private(set) var byID: [String: Resource] = [:]
    public private(set) var byType: [String: [Resource]] = [:]
    /// `type/region/<key property value>` → resource, for the EC2 ids resources refer to each other by
    /// (`groupId`, `subnetId`, `vpcId`, `routeTableId`, `networkAclId`, `networkInterfaceId`, `instanceId`,
    /// `internetGatewayId`, `prefixListId`) and IAM names (`userName`, `roleName`, `groupName`).
    private var byKey: [String: Resource] = [:]

    static let keyProperties: [String: String] = [
        "aws.ec2.security_group": "groupId", "aws.ec2.subnet": "subnetId", "aws.ec2.vpc": "vpcId",
        "aws.ec2.route_table": "routeTableId", "aws.ec2.network_acl": "networkAclId",
        "aws.ec2.network_interface": "networkInterfaceId", "aws.ec2.instance": "instanceId",
        "aws.ec2.internet_gateway": "internetGatewayId", "aws.iam.user": "userName", "aws.iam.role": "roleName",
        "aws.iam.group": "groupName", "aws.kms.key": "keyId", "aws.ec2.managed_prefix_list": "prefixListId",
    ]

    public init(account: String, resources: [Resource]) {
        self.account = account
        for r in resources.sorted(by: { $0.id < $1.id }) {
            byID[r.id] = r
            byType[r.type, default: []].append(r)
            if let key = Self.keyProperties[r.type], let value = r.properties[key]?.stringValue {
                byKey["\(r.type)/\(Self.keyRegion(r))/\(value)"] = r
            }
        }
    }

    /// IAM is global: its keys are looked up without a region.
    static func keyRegion(_ r: Resource) -> String { r.type.hasPrefix("aws.iam.") ? "global" : r.region }

    public func ofType(_ type: String) -> [Resource] { byType[type] ?? [] }

    /// The resource of `type` whose key property is `value` in `region` (`global` for IAM types).
    public func lookup(_ type: String, _ value: String, region: String = "global") -> Resource? {
        byKey["\(type)/\(type.hasPrefix("aws.iam.") ? "global" : region)/\(value)"]
    }

    public var all: [Resource] { byType.keys.sorted().flatMap { byType[$0]! } }
}
