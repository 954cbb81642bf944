import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

/// EC2 / VPC / ELBv2 resources shaped per docs/resources/aws/ec2.md and logging-compute.md (hardened baselines).
extension Fixtures {
    static func ec2ARN(_ kind: String, _ id: String) -> String { "arn:aws:ec2:us-east-1:111122223333:\(kind)/\(id)" }

    static let cleanUserData: JSONValue = ["present": true, "sha256": "ab12", "secretPatterns": []]
    static let leakyUserData: JSONValue = ["present": true, "sha256": "cd34", "secretPatterns": ["aws-access-key-id"]]

    static let netInstance = with(instance, [
        "publicIpAddress": nil, "publicDnsName": nil, "networkInterfaceIds": ["eni-1"], "userData": cleanUserData,
        "metadataOptions": ["httpTokens": "required", "httpEndpoint": "enabled", "httpPutResponseHopLimit": 1,
                            "instanceMetadataTags": "disabled"],
        "raw": ["instanceId": "i-1", "virtualizationType": "hvm", "reason": ""],
    ])

    static let networkInterface = resource("aws.ec2.network_interface", ec2ARN("network-interface", "eni-1"), [
        "networkInterfaceId": "eni-1", "vpcId": "vpc-1", "subnetId": "subnet-1", "interfaceType": "interface",
        "status": "in-use", "description": "", "privateIpAddress": "10.0.0.5", "publicIp": nil,
        "publicIpAllocationId": nil, "securityGroupIds": ["sg-1"], "attachedInstanceId": "i-1",
        "attachmentStatus": "attached", "requesterManaged": false, "sourceDestCheck": true,
    ])

    static let defaultSecurityGroup = with(securityGroup, ["groupId": "sg-default", "groupName": "default",
                                                           "description": "default VPC security group",
                                                           "ingress": [], "egress": []],
                                           id: ec2ARN("security-group", "sg-default"))

    static let networkACL = resource("aws.ec2.network_acl", ec2ARN("network-acl", "acl-1"), [
        "networkAclId": "acl-1", "vpcId": "vpc-1", "isDefault": false, "subnetIds": ["subnet-1"],
        "entries": [
            naclEntry(50, "6", "deny", cidr: "0.0.0.0/0", from: 22, to: 22),
            naclEntry(51, "6", "deny", cidr: "0.0.0.0/0", from: 3389, to: 3389),
            naclEntry(100, "-1", "allow", cidr: "0.0.0.0/0"),
            naclEntry(101, "6", "allow", ipv6: "::/0", from: 443, to: 443),
            naclEntry(110, "6", "allow", ipv6: "2001:db8::/32", from: 22, to: 22),
            naclEntry(32767, "-1", "deny", cidr: "0.0.0.0/0"),
            naclEntry(100, "-1", "allow", cidr: "0.0.0.0/0", egress: true),
        ],
    ])

    static func naclEntry(_ n: Int, _ proto: String, _ action: String, cidr: String? = nil, ipv6: String? = nil,
                          from: Int? = nil, to: Int? = nil, egress: Bool = false) -> JSONValue
    {
        ["ruleNumber": .number(Double(n)), "egress": .bool(egress), "protocol": .string(proto),
         "ruleAction": .string(action), "cidrBlock": cidr.map(JSONValue.string) ?? .null,
         "ipv6CidrBlock": ipv6.map(JSONValue.string) ?? .null,
         "fromPort": from.map { .number(Double($0)) } ?? .null, "toPort": to.map { .number(Double($0)) } ?? .null,
         "icmpType": nil, "icmpCode": nil]
    }

    static let vpc = resource("aws.ec2.vpc", ec2ARN("vpc", "vpc-1"), [
        "vpcId": "vpc-1", "cidrBlock": "10.0.0.0/16", "cidrBlocks": ["10.0.0.0/16"], "ipv6CidrBlocks": [],
        "isDefault": false, "state": "available", "instanceTenancy": "default", "dhcpOptionsId": "dopt-1",
        "flowLogIds": ["fl-1"],
    ])

    static let flowLog = resource("aws.ec2.flow_log", ec2ARN("vpc-flow-log", "fl-1"), [
        "flowLogId": "fl-1", "resourceId": "vpc-1", "trafficType": "ALL", "flowLogStatus": "ACTIVE",
        "deliverLogsStatus": "SUCCESS", "deliverLogsErrorMessage": nil, "logDestinationType": "cloud-watch-logs",
        "logDestination": "arn:aws:logs:us-east-1:111122223333:log-group:/vpc/flow", "logGroupName": "/vpc/flow",
        "deliverLogsPermissionArn": "arn:aws:iam::111122223333:role/flow-logs", "logFormat": "${version}",
        "maxAggregationInterval": 600, "creationTime": "2025-01-01T00:00:00Z",
    ])

    /// A flow log on another VPC that only captures accepted traffic: must not count for vpc-1.
    static let acceptOnlyFlowLog = with(flowLog, ["flowLogId": "fl-2", "resourceId": "vpc-2", "trafficType": "ACCEPT"],
                                        id: ec2ARN("vpc-flow-log", "fl-2"))

    static let ec2Endpoint = resource("aws.ec2.vpc_endpoint", ec2ARN("vpc-endpoint", "vpce-1"), [
        "vpcEndpointId": "vpce-1", "vpcId": "vpc-1", "serviceName": "com.amazonaws.us-east-1.ec2",
        "vpcEndpointType": "Interface", "state": "available", "policy": nil, "routeTableIds": [],
        "subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"], "privateDnsEnabled": true,
    ])

    static let subnet = resource("aws.ec2.subnet", ec2ARN("subnet", "subnet-1"), [
        "subnetId": "subnet-1", "vpcId": "vpc-1", "cidrBlock": "10.0.1.0/24", "ipv6CidrBlocks": [],
        "availabilityZone": "us-east-1a", "mapPublicIpOnLaunch": false, "assignIpv6AddressOnCreation": false,
        "defaultForAz": false, "state": "available", "availableIpAddressCount": 250,
    ])

    static let elasticIP = resource("aws.ec2.elastic_ip", ec2ARN("elastic-ip", "eipalloc-1"), [
        "allocationId": "eipalloc-1", "publicIp": "54.1.2.3", "domain": "vpc", "associationId": "eipassoc-1",
        "instanceId": nil, "networkInterfaceId": "eni-nat", "privateIpAddress": "10.0.0.9", "associated": true,
    ])

    static let snapshot = resource("aws.ec2.snapshot", "arn:aws:ec2:us-east-1::snapshot/snap-1", [
        "snapshotId": "snap-1", "volumeId": "vol-1", "encrypted": true, "kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/k",
        "ownerId": "111122223333", "state": "completed", "startTime": "2025-06-01T00:00:00Z", "volumeSize": 8,
        "description": "nightly", "public": false, "sharedWithAccounts": [],
    ])

    static let image = resource("aws.ec2.image", "arn:aws:ec2:us-east-1::image/ami-1", [
        "imageId": "ami-1", "imageName": "app-2025", "description": "app", "state": "available",
        "ownerId": "111122223333", "creationDate": "2025-06-01T00:00:00Z", "rootDeviceType": "ebs", "platform": nil,
        "snapshotIds": ["snap-1"], "public": false, "sharedWithAccounts": [], "sharedWithOrganizations": [],
    ])

    static let accountSettings = resource("aws.ec2.account_settings", "arn:aws:ec2:us-east-1:111122223333:account-settings", [
        "ebsEncryptionByDefault": true, "ebsDefaultKmsKeyId": "alias/aws/ebs",
        "snapshotBlockPublicAccessState": "block-all-sharing", "imageBlockPublicAccessState": "block-new-sharing",
    ])

    static let launchTemplate = resource("aws.ec2.launch_template", ec2ARN("launch-template", "lt-1"), [
        "launchTemplateId": "lt-1", "launchTemplateName": "web", "defaultVersionNumber": 1, "latestVersionNumber": 1,
        "createTime": "2025-01-01T00:00:00Z",
        "metadataOptions": ["httpTokens": "required", "httpEndpoint": "enabled", "httpPutResponseHopLimit": 1,
                            "instanceMetadataTags": "disabled"],
        "userData": cleanUserData, "iamInstanceProfile": nil, "securityGroupIds": ["sg-1"],
        "associatePublicIpAddress": nil, "imageId": "ami-1", "instanceType": "t3.micro",
    ])

    static let lbARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/1"
    static func listener(_ proto: String, _ port: Int, policy: String? = nil, redirect: Bool = false) -> JSONValue {
        let action: JSONValue = redirect
            ? ["type": "redirect", "targetGroupArn": nil, "order": 1,
               "redirect": ["protocol": "HTTPS", "port": "443", "host": "#{host}", "statusCode": "HTTP_301"]]
            : ["type": "forward", "order": 1,
               "targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1"]
        return ["listenerArn": .string("\(lbARN)/l-\(port)"), "protocol": .string(proto), "port": .number(Double(port)),
                "sslPolicy": policy.map(JSONValue.string) ?? .null,
                "certificateArns": policy == nil ? [] : ["arn:aws:acm:us-east-1:111122223333:certificate/c"],
                "defaultActions": [action], "redirectsToHttps": .bool(redirect)]
    }

    static let loadBalancer = resource("aws.elbv2.load_balancer", lbARN, [
        "loadBalancerName": "web", "loadBalancerArn": .string(lbARN), "dnsName": "web-1.us-east-1.elb.amazonaws.com",
        "vpcId": "vpc-1", "ipAddressType": "ipv4", "createdTime": "2025-01-01T00:00:00Z", "scheme": "internet-facing",
        "internetFacing": true, "type": "application", "state": "active", "securityGroups": ["sg-1"],
        "availabilityZones": [["zoneName": "us-east-1a", "subnetId": "subnet-1"],
                              ["zoneName": "us-east-1b", "subnetId": "subnet-2"]],
        "attributes": ["deletion_protection.enabled": "true", "access_logs.s3.enabled": "true"],
        "accessLogsEnabled": true, "accessLogsBucket": "lb-logs", "deletionProtection": true,
        "dropInvalidHeaderFields": true, "desyncMitigationMode": "defensive",
        "listeners": [listener("HTTP", 80, redirect: true),
                      listener("HTTPS", 443, policy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06")],
    ])

    static let networkLB = with(loadBalancer, [
        "type": "network", "dropInvalidHeaderFields": nil, "desyncMitigationMode": nil,
        "listeners": [listener("TLS", 443, policy: "ELBSecurityPolicy-TLS13-1-3-2021-06")],
    ], id: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tls/1")

    static func sgWith(_ rules: [JSONValue]) -> Resource { with(securityGroup, ["ingress": .array(rules)]) }

    /// Failing, hardened and unknown cases for the network family's checks.
    static let networkCases: [String: Case] = [
        // Security groups
        "aws-ec2-sg-high-risk-ports-restricted": Case(
            failing: sgWith([ingress("tcp", 5400, 5500, v4: ["0.0.0.0/0"])]), hardened: securityGroup,
            unknown: with(securityGroup, unknown: ["ingress"])),
        "aws-ec2-sg-only-authorized-ports-open": Case(
            failing: sgWith([ingress("tcp", 443, 443, v4: ["0.0.0.0/0"]), ingress("tcp", 8443, 8443, v6: ["::/0"])]),
            hardened: with(securityGroup, ["ingress": [ingress("tcp", 80, 80, v4: ["0.0.0.0/0"]),
                                                       ingress("tcp", 443, 443, v4: ["0.0.0.0/0"], v6: ["::/0"]),
                                                       ingress("icmp", 8, -1, v4: ["0.0.0.0/0"]),
                                                       ingress("tcp", 22, 22, v4: ["81.2.69.0/24", "10.0.0.0/8"])]]),
            unknown: with(securityGroup, unknown: ["ingress"])),
        "aws-ec2-sg-default-restricts-all-traffic": Case(
            failing: with(defaultSecurityGroup, ["ingress": [["ipProtocol": "-1", "fromPort": nil, "toPort": nil,
                                                              "ipv4Ranges": [], "ipv6Ranges": [],
                                                              "sourceGroupIds": ["sg-default"]]]]),
            hardened: defaultSecurityGroup, unknown: with(defaultSecurityGroup, unknown: ["egress"])),
        "aws-ec2-sg-unused": Case(
            failing: with(securityGroup, ["groupId": "sg-idle", "groupName": "idle"], id: ec2ARN("security-group", "sg-idle")),
            hardened: securityGroup, unknown: with(securityGroup, unknown: ["groupId"])),
        // Network ACLs
        "aws-vpc-nacl-no-admin-ports-from-internet": Case(
            failing: with(networkACL, ["entries": [naclEntry(100, "-1", "allow", cidr: "0.0.0.0/0"),
                                                   naclEntry(200, "6", "deny", cidr: "0.0.0.0/0", from: 22, to: 22),
                                                   naclEntry(32767, "-1", "deny", cidr: "0.0.0.0/0")]]),
            hardened: networkACL, unknown: with(networkACL, unknown: ["entries"])),
        "aws-vpc-nacl-associated": Case(
            failing: with(networkACL, ["subnetIds": []]), hardened: networkACL,
            unknown: with(networkACL, unknown: ["subnetIds"])),
        // VPC, subnets, flow logs, endpoints, Elastic IPs
        "aws-vpc-flow-logs-enabled": Case(
            failing: with(vpc, ["vpcId": "vpc-2", "flowLogIds": ["fl-2"]], id: ec2ARN("vpc", "vpc-2")), hardened: vpc,
            unknown: with(vpc, unknown: ["flowLogIds"])),
        "aws-vpc-flow-log-delivering": Case(
            failing: with(flowLog, ["deliverLogsStatus": "FAILED",
                                    "deliverLogsErrorMessage": "LogGroupNotFoundException"]),
            hardened: flowLog, unknown: with(flowLog, unknown: ["deliverLogsStatus"])),
        "aws-vpc-ec2-endpoint": Case(
            failing: with(vpc, ["vpcId": "vpc-2"], id: ec2ARN("vpc", "vpc-2")), hardened: vpc,
            unknown: with(vpc, unknown: ["vpcId"])),
        "aws-vpc-subnet-no-auto-public-ip": Case(
            failing: with(subnet, ["mapPublicIpOnLaunch": true]), hardened: subnet,
            unknown: with(subnet, unknown: ["mapPublicIpOnLaunch"])),
        "aws-ec2-eip-associated": Case(
            failing: with(elasticIP, ["associationId": nil, "networkInterfaceId": nil, "privateIpAddress": nil,
                                      "associated": false]),
            hardened: elasticIP, unknown: with(elasticIP, unknown: ["associated"])),
        // Instances
        "aws-ec2-instance-no-public-ip": Case(
            failing: with(netInstance, ["publicIpAddress": "54.1.2.3"]), hardened: netInstance,
            unknown: with(netInstance, unknown: ["publicIpAddress"])),
        "aws-ec2-instance-single-eni": Case(
            failing: with(netInstance, ["networkInterfaceIds": ["eni-1", "eni-2"]]), hardened: netInstance,
            unknown: with(netInstance, unknown: ["networkInterfaceIds"])),
        "aws-ec2-instance-not-paravirtual": Case(
            failing: with(netInstance, ["raw": ["instanceId": "i-1", "virtualizationType": "paravirtual"]]),
            hardened: netInstance, unknown: with(netInstance, unknown: ["raw"])),
        "aws-ec2-instance-user-data-no-secrets": Case(
            failing: with(netInstance, ["userData": leakyUserData]),
            hardened: with(netInstance, ["userData": ["present": false, "sha256": nil, "secretPatterns": []]]),
            unknown: with(netInstance, unknown: ["userData"])),
        // Snapshots, images, account settings
        "aws-ec2-snapshot-not-public": Case(
            failing: with(snapshot, ["public": true]), hardened: snapshot, unknown: with(snapshot, unknown: ["public"])),
        "aws-ec2-snapshot-encrypted": Case(
            failing: with(snapshot, ["encrypted": false, "kmsKeyId": nil]), hardened: snapshot,
            unknown: with(snapshot, unknown: ["encrypted"])),
        "aws-ec2-image-not-public": Case(
            failing: with(image, ["public": true]), hardened: image, unknown: with(image, unknown: ["public"])),
        "aws-ec2-ebs-encryption-by-default": Case(
            failing: with(accountSettings, ["ebsEncryptionByDefault": false]), hardened: accountSettings,
            unknown: with(accountSettings, unknown: ["ebsEncryptionByDefault"])),
        "aws-ec2-snapshot-block-public-access": Case(
            failing: with(accountSettings, ["snapshotBlockPublicAccessState": "block-new-sharing"]),
            hardened: accountSettings, unknown: with(accountSettings, unknown: ["snapshotBlockPublicAccessState"])),
        "aws-ec2-image-block-public-access": Case(
            failing: with(accountSettings, ["imageBlockPublicAccessState": "unblocked"]),
            hardened: accountSettings, unknown: with(accountSettings, unknown: ["imageBlockPublicAccessState"])),
        // Launch templates
        "aws-ec2-launch-template-imdsv2": Case(
            failing: with(launchTemplate, ["metadataOptions": nil]), hardened: launchTemplate,
            unknown: with(launchTemplate, unknown: ["metadataOptions"])),
        "aws-ec2-launch-template-no-public-ip": Case(
            failing: with(launchTemplate, ["associatePublicIpAddress": true]), hardened: launchTemplate,
            unknown: with(launchTemplate, unknown: ["associatePublicIpAddress"])),
        "aws-ec2-launch-template-user-data-no-secrets": Case(
            failing: with(launchTemplate, ["userData": ["present": true, "sha256": "ef56",
                                                        "secretPatterns": ["password-assignment"]]]),
            hardened: launchTemplate, unknown: with(launchTemplate, unknown: ["userData"])),
        // Load balancers
        "aws-elbv2-alb-http-redirects-to-https": Case(
            failing: with(loadBalancer, ["listeners": [listener("HTTP", 80)]]), hardened: loadBalancer,
            unknown: with(loadBalancer, unknown: ["listeners"])),
        "aws-elbv2-listener-tls-policy": Case(
            failing: with(loadBalancer, ["listeners": [listener("HTTP", 80, redirect: true),
                                                       listener("HTTPS", 443, policy: "ELBSecurityPolicy-2016-08")]]),
            hardened: networkLB, unknown: with(loadBalancer, unknown: ["listeners"])),
        "aws-elbv2-alb-drops-invalid-headers": Case(
            failing: with(loadBalancer, ["dropInvalidHeaderFields": false]), hardened: loadBalancer,
            unknown: with(loadBalancer, unknown: ["dropInvalidHeaderFields"])),
        "aws-elbv2-alb-desync-mitigation": Case(
            failing: with(loadBalancer, ["desyncMitigationMode": "monitor"]), hardened: loadBalancer,
            unknown: with(loadBalancer, unknown: ["desyncMitigationMode"])),
        "aws-elbv2-access-logs-enabled": Case(
            failing: with(networkLB, ["accessLogsEnabled": false]), hardened: loadBalancer,
            unknown: with(loadBalancer, unknown: ["accessLogsEnabled"])),
        "aws-elbv2-deletion-protection": Case(
            failing: with(loadBalancer, ["deletionProtection": false]), hardened: loadBalancer,
            unknown: with(loadBalancer, unknown: ["deletionProtection"])),
        "aws-elbv2-multiple-azs": Case(
            failing: with(loadBalancer, ["availabilityZones": [["zoneName": "us-east-1a", "subnetId": "subnet-1"]]]),
            hardened: loadBalancer, unknown: with(loadBalancer, unknown: ["availabilityZones"])),
    ]

    /// Resources the network family's relations resolve against.
    static let networkInventory: [Resource] = [networkInterface, vpc, flowLog, acceptOnlyFlowLog, ec2Endpoint]
}

// MARK: - Edge cases of the network checks (rule order, "open" ranges, applicability, relations)

@Suite struct NetworkCheckEdgeCases {
    func status(_ id: String, _ r: Resource, inventory: [Resource] = Array(Fixtures.inventory.values)) throws
        -> FindingStatus
    {
        let benchmark = BuiltInChecksTests.benchmark
        let check = try #require(benchmark.check(id: id))
        let related = benchmark.resolver.resolve(check.relatedNames, for: r, in: InventoryIndex(inventory))
        return check.evaluate(r, related: related, now: Fixtures.now).0
    }

    @Test func naclDenyOnlyCountsWhenItComesFirstAndCoversTheRange() throws {
        let id = "aws-vpc-nacl-no-admin-ports-from-internet"
        let e = Fixtures.naclEntry
        let denyAfter = Fixtures.with(Fixtures.networkACL, ["entries": [
            e(100, "-1", "allow", "0.0.0.0/0", nil, nil, nil, false), e(200, "6", "deny", "0.0.0.0/0", nil, 22, 22, false)]])
        #expect(try status(id, denyAfter) == .fail)  // the allow comes first
        let openAllowAfterPartialDeny = Fixtures.with(Fixtures.networkACL, ["entries": [
            e(50, "6", "deny", "0.0.0.0/1", nil, 22, 22, false), e(100, "6", "allow", "0.0.0.0/0", nil, 0, 65535, false)]])
        #expect(try status(id, openAllowAfterPartialDeny) == .fail)
        let rdpOnlyDenied = Fixtures.with(Fixtures.networkACL, ["entries": [
            e(50, "6", "deny", "0.0.0.0/0", nil, 3389, 3389, false), e(100, "-1", "allow", "0.0.0.0/0", nil, nil, nil, false)]])
        #expect(try status(id, rdpOnlyDenied) == .fail)  // SSH still reaches the subnet
        let egressOnly = Fixtures.with(Fixtures.networkACL, ["entries": [
            e(100, "-1", "allow", "0.0.0.0/0", nil, nil, nil, true)]])
        #expect(try status(id, egressOnly) == .pass)
        let ipv6 = Fixtures.with(Fixtures.networkACL, ["entries": [e(100, "tcp", "allow", nil, "::/0", 22, 22, false)]])
        #expect(try status(id, ipv6) == .fail)
    }

    @Test func aPublicOfficeRangeIsNotTheInternetButAHugeOneIs() throws {
        let office = Fixtures.sgWith([Fixtures.ingress("tcp", 22, 22, v4: ["81.2.69.0/24"])])
        #expect(try status("aws-ec2-sg-ssh-open-internet", office) == .pass)
        let half = Fixtures.sgWith([Fixtures.ingress("tcp", 22, 22, v4: ["0.0.0.0/1", "128.0.0.0/1"])])
        #expect(try status("aws-ec2-sg-ssh-open-internet", half) == .fail)
        let allPorts = Fixtures.sgWith([Fixtures.ingress("-1", nil, nil, v6: ["::/0"])])
        #expect(try status("aws-ec2-sg-rdp-open-internet", allPorts) == .fail)
        #expect(try status("aws-ec2-sg-high-risk-ports-restricted", allPorts) == .fail)
        let udpDNS = Fixtures.sgWith([Fixtures.ingress("udp", 53, 53, v4: ["0.0.0.0/0"])])
        #expect(try status("aws-ec2-sg-high-risk-ports-restricted", udpDNS) == .pass)
        #expect(try status("aws-ec2-sg-only-authorized-ports-open", udpDNS) == .fail)
    }

    @Test func flowLogsMustCaptureRejectsOnThisVPC() throws {
        // fl-2 belongs to vpc-2 and captures only ACCEPT: vpc-1 listing it must not pass.
        #expect(try status("aws-vpc-flow-logs-enabled", Fixtures.with(Fixtures.vpc, ["flowLogIds": ["fl-2"]])) == .fail)
        #expect(try status("aws-vpc-flow-logs-enabled", Fixtures.with(Fixtures.vpc, ["flowLogIds": []])) == .fail)
        let inactive = Fixtures.with(Fixtures.flowLog, ["flowLogStatus": "INACTIVE"])
        #expect(try status("aws-vpc-flow-logs-enabled", Fixtures.vpc, inventory: [inactive]) == .fail)
    }

    @Test func applicability() throws {
        #expect(try status("aws-ec2-sg-unused", Fixtures.defaultSecurityGroup) == .notApplicable)
        #expect(try status("aws-ec2-sg-default-restricts-all-traffic", Fixtures.securityGroup) == .notApplicable)
        #expect(try status("aws-vpc-nacl-associated", Fixtures.with(Fixtures.networkACL, ["isDefault": true, "subnetIds": []]))
            == .notApplicable)
        let tcpNLB = Fixtures.with(Fixtures.networkLB, ["accessLogsEnabled": false, "listeners": [Fixtures.listener("TCP", 443)]])
        #expect(try status("aws-elbv2-access-logs-enabled", tcpNLB) == .notApplicable)
        #expect(try status("aws-elbv2-listener-tls-policy", tcpNLB) == .notApplicable)
        #expect(try status("aws-elbv2-alb-drops-invalid-headers", Fixtures.networkLB) == .notApplicable)
        let terminated = Fixtures.with(Fixtures.netInstance, ["state": "terminated", "publicIpAddress": "54.1.2.3"])
        #expect(try status("aws-ec2-instance-no-public-ip", terminated) == .notApplicable)
        #expect(try status("aws-ec2-launch-template-imdsv2", Fixtures.with(Fixtures.launchTemplate, [
            "metadataOptions": ["httpTokens": "optional", "httpEndpoint": "disabled"]])) == .pass)
    }
}
