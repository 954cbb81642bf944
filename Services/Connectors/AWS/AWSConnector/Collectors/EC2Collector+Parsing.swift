import Foundation
import PalisadeModel

/// EC2 answers → resources. Pure: the detail lookups arrive as results so a failed one becomes `unknown`.
extension EC2Collector {
    private func arn(_ region: String, _ kind: String, _ id: String) -> String {
        "arn:aws:ec2:\(region):\(ctx.account):\(kind)/\(id)"
    }

    /// `userData` is the DescribeInstanceAttribute result; nil when it was not looked up (it is then unknown).
    func instance(_ i: XMLNode, region: String, userData: Result<String?, AWSError>? = nil) -> Resource {
        let id = i.string("instanceId") ?? ""
        let tags = i.tags
        // Security groups sit on the instance and on each network interface (moto fills only the latter).
        var groups: [String] = []
        for g in i.list("groupSet") + i.list("networkInterfaceSet").flatMap({ $0.list("groupSet") }) {
            if let gid = g.string("groupId"), !groups.contains(gid) { groups.append(gid) }
        }
        var bag = PropertyBag()
        bag["instanceId"] = .string(id)
        bag["state"] = i.jsonString("instanceState/name")
        bag["instanceType"] = i.jsonString("instanceType")
        bag["imageId"] = i.jsonString("imageId")
        bag["vpcId"] = i.jsonString("vpcId")
        bag["subnetId"] = i.jsonString("subnetId")
        bag["privateIpAddress"] = i.jsonString("privateIpAddress")
        bag["publicIpAddress"] = i.jsonString("ipAddress")
        bag["publicDnsName"] = i.jsonString("dnsName")
        bag["securityGroupIds"] = .array(groups.map { .string($0) })
        bag["networkInterfaceIds"] = i.ids("networkInterfaceSet", "networkInterfaceId")
        bag["iamInstanceProfileArn"] = i.jsonString("iamInstanceProfile/arn")
        bag["metadataOptions"] = EC2XML.metadataOptions(i.at("metadataOptions"))
        bag["monitoring"] = i.jsonString("monitoring/state")
        bag.bool("ebsOptimized", i, "ebsOptimized", from: "DescribeInstances")
        bag["rootDeviceType"] = i.jsonString("rootDeviceType")
        // AWS sends `platform` only for Windows; null means Linux/UNIX (see platformDetails where AWS sends it).
        bag["platform"] = i.jsonString("platform")
        bag["platformDetails"] = i.jsonString("platformDetails")
        bag["launchTime"] = i.jsonString("launchTime")
        switch userData {
        case .success(let text): bag["userData"] = SecretScan.summary(base64: text)
        case .failure(let e): bag.unknown["userData"] = e.reason
        case nil: bag.unknown["userData"] = "not looked up"
        }
        bag["raw"] = i.jsonValue
        return bag.resource(id: arn(region, "instance", id), account: ctx.account, region: region,
                            type: "aws.ec2.instance", name: tags["Name"] ?? id, tags: tags)
    }

    func volume(_ v: XMLNode, region: String) -> Resource {
        let id = v.string("volumeId") ?? ""
        let tags = v.tags
        var bag = PropertyBag()
        bag["volumeId"] = .string(id)
        bag.bool("encrypted", v, "encrypted", from: "DescribeVolumes")
        bag["kmsKeyId"] = v.jsonString("kmsKeyId")
        bag["size"] = v.jsonInt("size")
        bag["state"] = v.jsonString("status")
        bag["volumeType"] = v.jsonString("volumeType")
        bag["availabilityZone"] = v.jsonString("availabilityZone")
        bag["snapshotId"] = v.jsonString("snapshotId")
        bag["createTime"] = v.jsonString("createTime")
        bag["attachedInstanceIds"] = v.ids("attachmentSet", "instanceId")
        bag["raw"] = v.jsonValue
        return bag.resource(id: arn(region, "volume", id), account: ctx.account, region: region,
                            type: "aws.ec2.volume", name: tags["Name"] ?? id, tags: tags)
    }

    /// Who may create volumes from the snapshot: `public` when the group `all` may, `sharedWithAccounts`.
    func snapshot(_ s: XMLNode, region: String, createVolumePermission: Result<[XMLNode], AWSError>) -> Resource {
        let id = s.string("snapshotId") ?? ""
        let tags = s.tags
        var bag = PropertyBag()
        bag["snapshotId"] = .string(id)
        bag["volumeId"] = s.jsonString("volumeId")
        bag.bool("encrypted", s, "encrypted", from: "DescribeSnapshots")
        bag["kmsKeyId"] = s.jsonString("kmsKeyId")
        bag["ownerId"] = s.jsonString("ownerId")
        bag["state"] = s.jsonString("status")
        bag["startTime"] = s.jsonString("startTime")
        bag["volumeSize"] = s.jsonInt("volumeSize")
        bag["description"] = s.jsonString("description")
        switch createVolumePermission {
        case .success(let items):
            let sharing = EC2XML.sharing(items)
            bag["public"] = .bool(sharing.isPublic)
            bag["sharedWithAccounts"] = .array(sharing.accounts.map { .string($0) })
        case .failure(let e):
            bag.unknown["public"] = e.reason
            bag.unknown["sharedWithAccounts"] = e.reason
        }
        bag["raw"] = s.jsonValue
        // Snapshot and AMI ARNs carry no account: arn:aws:ec2:<region>::snapshot/<id>.
        return bag.resource(id: "arn:aws:ec2:\(region)::snapshot/\(id)", account: ctx.account, region: region,
                            type: "aws.ec2.snapshot", name: tags["Name"] ?? id, tags: tags)
    }

    /// `public` from DescribeImages' `isPublic` (the launch permission's group `all` when that is missing);
    /// accounts and organizations from the launch permission.
    func image(_ i: XMLNode, region: String, launchPermission: Result<[XMLNode], AWSError>) -> Resource {
        let id = i.string("imageId") ?? ""
        let tags = i.tags
        var bag = PropertyBag()
        bag["imageId"] = .string(id)
        bag["imageName"] = i.jsonString("name")
        bag["description"] = i.jsonString("description")
        bag["state"] = i.jsonString("imageState")
        bag["ownerId"] = i.jsonString("imageOwnerId")
        bag["creationDate"] = i.jsonString("creationDate")
        bag["rootDeviceType"] = i.jsonString("rootDeviceType")
        bag["platform"] = i.jsonString("platform")
        bag["snapshotIds"] = i.ids("blockDeviceMapping", "ebs/snapshotId")
        let listed = i.bool("isPublic")
        switch launchPermission {
        case .success(let items):
            let sharing = EC2XML.sharing(items)
            bag["public"] = .bool(listed ?? sharing.isPublic)
            bag["sharedWithAccounts"] = .array(sharing.accounts.map { .string($0) })
            bag["sharedWithOrganizations"] = .array(sharing.organizations.map { .string($0) })
        case .failure(let e):
            if let listed { bag["public"] = .bool(listed) } else { bag.unknown["public"] = e.reason }
            bag.unknown["sharedWithAccounts"] = e.reason
            bag.unknown["sharedWithOrganizations"] = e.reason
        }
        bag["raw"] = i.jsonValue
        return bag.resource(id: "arn:aws:ec2:\(region)::image/\(id)", account: ctx.account, region: region,
                            type: "aws.ec2.image", name: tags["Name"] ?? i.string("name") ?? id, tags: tags)
    }

    /// The template with its latest version's instance settings. A setting the template leaves out is null
    /// (instances then get the AMI's or account's default).
    func launchTemplate(_ t: XMLNode, region: String, latest: Result<XMLNode?, AWSError>) -> Resource {
        let id = t.string("launchTemplateId") ?? ""
        let tags = t.tags
        var bag = PropertyBag()
        bag["launchTemplateId"] = .string(id)
        bag["launchTemplateName"] = t.jsonString("launchTemplateName")
        bag["defaultVersionNumber"] = t.jsonInt("defaultVersionNumber")
        bag["latestVersionNumber"] = t.jsonInt("latestVersionNumber")
        bag["createTime"] = t.jsonString("createTime")
        var raw: [String: JSONValue] = ["launchTemplate": t.jsonValue]
        let versionKeys = ["metadataOptions", "userData", "iamInstanceProfile", "securityGroupIds",
                           "associatePublicIpAddress", "imageId", "instanceType"]
        switch latest {
        case .success(let version?):
            let d = version.at("launchTemplateData") ?? XMLNode(name: "launchTemplateData")
            bag["metadataOptions"] = EC2XML.metadataOptions(d.at("metadataOptions"))
            bag["userData"] = SecretScan.summary(base64: d.string("userData"))
            bag["iamInstanceProfile"] = d.at("iamInstanceProfile").map {
                ["arn": $0.jsonString("arn"), "name": $0.jsonString("name")] } ?? .null
            let groups = d.texts("securityGroupIdSet").arrayValue ?? []
            // Interface groups come as <groupSet><groupId>…</groupId></groupSet>, not as items.
            let niGroups: [JSONValue] = d.list("networkInterfaceSet").flatMap {
                ($0.at("groupSet")?.children("groupId") ?? []).map { .string($0.text) }
            }
            bag["securityGroupIds"] = .array(groups + niGroups)
            // true when any interface asks for a public IP; null when no interface says either way.
            let asks = d.list("networkInterfaceSet").compactMap { $0.bool("associatePublicIpAddress") }
            bag["associatePublicIpAddress"] = asks.isEmpty ? .null : .bool(asks.contains(true))
            bag["imageId"] = d.jsonString("imageId")
            bag["instanceType"] = d.jsonString("instanceType")
            raw["latestVersion"] = EC2XML.raw(version, dropping: ["userData"])
        case .success(nil):
            for key in versionKeys { bag.unknown[key] = "DescribeLaunchTemplateVersions returned no $Latest version" }
        case .failure(let e):
            for key in versionKeys { bag.unknown[key] = e.reason }
        }
        bag["raw"] = .object(raw)
        return bag.resource(id: arn(region, "launch-template", id), account: ctx.account, region: region,
                            type: "aws.ec2.launch_template", name: tags["Name"] ?? t.string("launchTemplateName") ?? id,
                            tags: tags)
    }

    static func accountSettings(account: String, region: String, ebsEncryptionByDefault: Result<XMLNode, AWSError>,
                                ebsDefaultKmsKeyId: Result<XMLNode, AWSError>, snapshotBlock: Result<XMLNode, AWSError>,
                                imageBlock: Result<XMLNode, AWSError>) -> Resource {
        var bag = PropertyBag()
        var raw: [String: JSONValue] = [:]
        func read(_ key: String, _ result: Result<XMLNode, AWSError>, _ element: String, _ action: String,
                  _ value: (XMLNode) -> JSONValue?) {
            switch result {
            case .success(let doc):
                raw[action] = doc.jsonValue
                if let v = value(doc) { bag[key] = v } else { bag.unknown[key] = "\(action) returned no \(element)" }
            case .failure(let e): bag.unknown[key] = e.reason
            }
        }
        read("ebsEncryptionByDefault", ebsEncryptionByDefault, "ebsEncryptionByDefault", "GetEbsEncryptionByDefault") {
            $0.bool("ebsEncryptionByDefault").map { .bool($0) }
        }
        read("ebsDefaultKmsKeyId", ebsDefaultKmsKeyId, "kmsKeyId", "GetEbsDefaultKmsKeyId") {
            $0.at("kmsKeyId") != nil ? $0.jsonString("kmsKeyId") : nil
        }
        read("snapshotBlockPublicAccessState", snapshotBlock, "state", "GetSnapshotBlockPublicAccessState") {
            $0.string("state").map { .string($0) }
        }
        read("imageBlockPublicAccessState", imageBlock, "imageBlockPublicAccessState", "GetImageBlockPublicAccessState") {
            $0.string("imageBlockPublicAccessState").map { .string($0) }
        }
        bag["raw"] = .object(raw)
        let id = "arn:aws:ec2:\(region):\(account):account-settings"
        return bag.resource(id: id, account: account, region: region, type: "aws.ec2.account_settings", name: id)
    }
}
