import Foundation
import PalisadeModel
import PalisadeProtocol

/// EC2 fixes: EBS encryption by default, instance metadata (IMDSv2), security group ingress, public snapshots and
/// AMIs. Each records the setting it changes so `undo` sets exactly that back; none deletes a resource.
/// (RDS and ELBv2 fixes live elsewhere.)
extension FixCatalog {
    static let compute: [FixDefinition] = [
        ebsEncryptionByDefault, instanceIMDSv2, snapshotNotPublic, imageNotPublic,
    ] + securityGroups

    static let ec2Version = "2016-11-15"

    /// An EC2 query call in the finding's region.
    static func ec2(_ action: String, _ t: FixTarget, _ params: [(String, String)], title: String,
                    cli: String) -> FixAPICall {
        .query("ec2", action, version: ec2Version, region: t.apiRegion, params, title: title,
               cli: cli + " --region \(t.apiRegion)")
    }

    static func ec2Read(_ c: AWSClient, _ t: FixTarget, _ action: String,
                        _ params: [(String, String)] = []) async throws -> XMLNode {
        try await c.query(service: "ec2", region: t.apiRegion, action: action, version: ec2Version, params: params)
    }

    /// The finding's EC2 id (`sg-…`, `i-…`), refused when the ARN names something else.
    static func ec2ID(_ t: FixTarget, prefix: String) throws -> String {
        guard t.name.hasPrefix(prefix) else {
            throw FixRefusal("\(t.resourceID) does not name a \(prefix)… resource")
        }
        return t.name
    }

    /// Regional: the finding is the region's account settings, so the call goes to that region.
    static let ebsEncryptionByDefault = FixDefinition(
        id: "ec2.ebs.encryption-by-default", checks: ["aws-ec2-ebs-encryption-by-default"],
        summary: "Turn on EBS encryption by default in the region (new volumes only; existing ones are unchanged)",
        read: { c, t in
            let doc = try await ec2Read(c, t, "GetEbsEncryptionByDefault")
            guard let on = doc.bool("ebsEncryptionByDefault") else {
                throw FixRefusal("GetEbsEncryptionByDefault returned no ebsEncryptionByDefault")
            }
            return ["ebsEncryptionByDefault": .bool(on)]
        },
        apply: { t, p in
            if p["ebsEncryptionByDefault"]?.boolValue == true { return [] }
            return [ec2("EnableEbsEncryptionByDefault", t, [],
                        title: "Encrypt new EBS volumes by default in \(t.apiRegion)",
                        cli: "aws ec2 enable-ebs-encryption-by-default")]
        },
        undo: { t, p in
            if p["ebsEncryptionByDefault"]?.boolValue == true { return [] }
            return [ec2("DisableEbsEncryptionByDefault", t, [],
                        title: "Turn EBS encryption by default back off in \(t.apiRegion)",
                        cli: "aws ec2 disable-ebs-encryption-by-default")]
        })

    /// The metadata options DescribeInstances reports → ModifyInstanceMetadataOptions parameter and CLI flag.
    static let metadataOptionParams = [
        ("httpTokens", "HttpTokens", "--http-tokens"), ("httpEndpoint", "HttpEndpoint", "--http-endpoint"),
        ("httpPutResponseHopLimit", "HttpPutResponseHopLimit", "--http-put-response-hop-limit"),
        ("httpProtocolIpv6", "HttpProtocolIpv6", "--http-protocol-ipv6"),
        ("instanceMetadataTags", "InstanceMetadataTags", "--instance-metadata-tags"),
    ]

    /// ModifyInstanceMetadataOptions with every recorded option sent again, `overrides` replacing some: an option
    /// left out is not guaranteed to keep its value (moto resets it), so the call states them all.
    static func metadataOptionsCall(_ t: FixTarget, _ p: JSONValue, _ overrides: [String: String],
                                    title: String) -> FixAPICall {
        var params: [(String, String)] = [("InstanceId", t.name)]
        var cli = "aws ec2 modify-instance-metadata-options --instance-id \(t.name)"
        for (key, param, flag) in metadataOptionParams {
            guard let value = overrides[param] ?? p[key]?.stringValue, !value.isEmpty else { continue }
            params.append((param, value))
            cli += " \(flag) \(CLIQuote.arg(value))"
        }
        return ec2("ModifyInstanceMetadataOptions", t, params, title: title, cli: cli)
    }

    static let instanceIMDSv2 = FixDefinition(
        id: "ec2.instance.imdsv2", checks: ["aws-ec2-instance-imdsv2"],
        summary: "Require IMDSv2 session tokens on the instance (IMDSv1 requests are refused afterwards)",
        read: { c, t in
            let id = try ec2ID(t, prefix: "i-")
            let doc = try await ec2Read(c, t, "DescribeInstances", [("InstanceId.1", id)])
            let instance = doc.list("reservationSet").flatMap { $0.list("instancesSet") }
                .first { $0.string("instanceId") == id }
            guard let instance else { throw FixRefusal("DescribeInstances does not list \(id)") }
            let state = instance.string("instanceState/name") ?? ""
            guard state != "terminated" && state != "shutting-down" else {
                throw FixRefusal("instance \(id) is \(state)")
            }
            guard let m = instance.at("metadataOptions"), let tokens = m.string("httpTokens"), !tokens.isEmpty else {
                throw FixRefusal("DescribeInstances returned no metadata options for \(id)")
            }
            var recorded: [String: JSONValue] = ["state": .string(state), "httpTokens": .string(tokens)]
            for (key, _, _) in metadataOptionParams.dropFirst() {
                if let v = m.string(key), !v.isEmpty { recorded[key] = .string(v) }
            }
            return .object(recorded)
        },
        apply: { t, p in
            if p["httpTokens"]?.stringValue == "required" || p["httpEndpoint"]?.stringValue == "disabled" { return [] }
            return [metadataOptionsCall(t, p, ["HttpTokens": "required", "HttpEndpoint": "enabled"],
                                        title: "Require IMDSv2 tokens on instance \(t.name)")]
        },
        undo: { t, p in
            [metadataOptionsCall(t, p, [:], title: "Put instance \(t.name)'s metadata options back "
                                     + "(tokens \(p["httpTokens"]?.stringValue ?? "?"), "
                                     + "endpoint \(p["httpEndpoint"]?.stringValue ?? "?"))")]
        })

    /// Who the recorded permission list (`createVolumePermission`, `launchPermission`) lets in: group `all`?
    static func sharedWithAll(_ doc: XMLNode, _ attribute: String) -> Bool {
        doc.list(attribute).contains { $0.string("group") == "all" }
    }

    /// Only the public grant goes: the snapshot stays shared with the accounts it names.
    static let snapshotNotPublic = FixDefinition(
        id: "ec2.snapshot.not-public", checks: ["aws-ec2-snapshot-not-public"],
        summary: "Remove the public (group all) create-volume permission from the snapshot; account shares stay",
        read: { c, t in
            let id = try ec2ID(t, prefix: "snap-")
            let doc = try await ec2Read(c, t, "DescribeSnapshotAttribute",
                                        [("SnapshotId", id), ("Attribute", "createVolumePermission")])
            return ["public": .bool(sharedWithAll(doc, "createVolumePermission"))]
        },
        apply: { t, p in
            guard p["public"]?.boolValue == true else { return [] }
            return [snapshotPermission(t, "remove", title: "Stop sharing snapshot \(t.name) with everyone")]
        },
        undo: { t, p in
            guard p["public"]?.boolValue == true else { return [] }
            return [snapshotPermission(t, "add", title: "Make snapshot \(t.name) public again (group all)")]
        })

    static func snapshotPermission(_ t: FixTarget, _ operation: String, title: String) -> FixAPICall {
        ec2("ModifySnapshotAttribute", t,
            [("SnapshotId", t.name), ("Attribute", "createVolumePermission"), ("OperationType", operation),
             ("UserGroup.1", "all")],
            title: title,
            cli: "aws ec2 modify-snapshot-attribute --snapshot-id \(t.name) --attribute createVolumePermission "
                + "--operation-type \(operation) --group-names all")
    }

    /// Only the public grant goes: the AMI stays shared with the accounts and organizations it names.
    static let imageNotPublic = FixDefinition(
        id: "ec2.image.not-public", checks: ["aws-ec2-image-not-public"],
        summary: "Remove the public (group all) launch permission from the AMI; account and organization shares stay",
        read: { c, t in
            let id = try ec2ID(t, prefix: "ami-")
            let doc = try await ec2Read(c, t, "DescribeImageAttribute",
                                        [("ImageId", id), ("Attribute", "launchPermission")])
            return ["public": .bool(sharedWithAll(doc, "launchPermission"))]
        },
        apply: { t, p in
            guard p["public"]?.boolValue == true else { return [] }
            return [imagePermission(t, "Remove", title: "Stop sharing AMI \(t.name) with everyone")]
        },
        undo: { t, p in
            guard p["public"]?.boolValue == true else { return [] }
            return [imagePermission(t, "Add", title: "Make AMI \(t.name) public again (group all)")]
        })

    static func imagePermission(_ t: FixTarget, _ operation: String, title: String) -> FixAPICall {
        ec2("ModifyImageAttribute", t, [("ImageId", t.name), ("LaunchPermission.\(operation).1.Group", "all")],
            title: title,
            cli: "aws ec2 modify-image-attribute --image-id \(t.name) --launch-permission "
                + CLIQuote.arg("\(operation)=[{Group=all}]"))
    }
}
