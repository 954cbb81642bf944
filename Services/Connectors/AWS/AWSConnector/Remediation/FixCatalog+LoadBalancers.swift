import Foundation
import PalisadeModel
import PalisadeProtocol

/// ELBv2 load balancer fixes: each sets one load balancer attribute to `true` and records its previous value, so
/// `undo` writes that value back. Calls name the load balancer by its ARN, the finding's resource id.
extension FixCatalog {
    static let loadBalancers: [FixDefinition] = [lbDeletionProtection, lbDropsInvalidHeaders]

    static let elbv2Version = "2015-12-01"

    /// The load balancer's type and the attribute's value (`null` when the load balancer does not report it).
    /// Refused when it is gone, or when `types` is given and its type is not among them.
    static func readLBAttribute(_ c: AWSClient, _ t: FixTarget, _ key: String, types: Set<String>?) async throws -> JSONValue {
        let lbs: [XMLNode]
        do {
            lbs = try await c.queryList(service: "elasticloadbalancing", region: t.apiRegion,
                                        action: "DescribeLoadBalancers", version: elbv2Version, list: "LoadBalancers",
                                        params: [("LoadBalancerArns.member.1", t.resourceID)], tokenIn: "Marker",
                                        tokenOut: "NextMarker")
        } catch let e as AWSError where e.code.contains("LoadBalancerNotFound") {
            throw FixRefusal("load balancer \(t.resourceID) no longer exists; rescan to resolve the finding")
        }
        guard let lb = lbs.first else {
            throw FixRefusal("load balancer \(t.resourceID) no longer exists; rescan to resolve the finding")
        }
        let type = lb.string("Type") ?? ""
        if let types, !types.contains(type) {
            throw FixRefusal("\(key) applies to \(types.sorted().joined(separator: ", ")) load balancers; this one is \(type)")
        }
        let attributes = try await c.queryList(service: "elasticloadbalancing", region: t.apiRegion,
                                               action: "DescribeLoadBalancerAttributes", version: elbv2Version,
                                               list: "Attributes", params: [("LoadBalancerArn", t.resourceID)])
        let value = attributes.first { $0.string("Key") == key }?.string("Value")
        return ["type": .string(type), "value": .optionalString(value)]
    }

    /// The load balancer's name, for titles: the ARN ends `loadbalancer/app/<name>/<id>`.
    static func lbName(_ t: FixTarget) -> String {
        let parts = t.resourceID.split(separator: "/")
        return parts.count >= 3 ? String(parts[parts.count - 2]) : t.name
    }

    static func lbModify(_ t: FixTarget, _ key: String, _ value: String, title: String) -> FixAPICall {
        .query("elasticloadbalancing", "ModifyLoadBalancerAttributes", version: elbv2Version, region: t.apiRegion,
               [("LoadBalancerArn", t.resourceID), ("Attributes.member.1.Key", key), ("Attributes.member.1.Value", value)],
               title: title,
               cli: "aws elbv2 modify-load-balancer-attributes --load-balancer-arn \(CLIQuote.arg(t.resourceID)) "
                   + "--attributes Key=\(key),Value=\(value) --region \(t.apiRegion)")
    }

    /// Turns attribute `key` on. An attribute the load balancer did not report is off by AWS's default, so undo
    /// writes `false` for it.
    static func lbAttributeFix(id: String, check: String, summary: String, key: String, label: String,
                               types: Set<String>? = nil) -> FixDefinition {
        FixDefinition(
            id: id, checks: [check], summary: summary,
            read: { c, t in try await readLBAttribute(c, t, key, types: types) },
            apply: { t, p in
                if p["value"]?.stringValue == "true" { return [] }
                return [lbModify(t, key, "true", title: "Turn on \(label) for load balancer \(lbName(t))")]
            },
            undo: { t, p in
                let was = p["value"]?.stringValue ?? "false"
                if was == "true" { return [] }
                return [lbModify(t, key, was, title: "Set \(label) for load balancer \(lbName(t)) back to \(was)")]
            })
    }

    static let lbDeletionProtection = lbAttributeFix(
        id: "elbv2.load-balancer.deletion-protection", check: "aws-elbv2-deletion-protection",
        summary: "Turn on deletion protection for the load balancer",
        key: "deletion_protection.enabled", label: "deletion protection")

    static let lbDropsInvalidHeaders = lbAttributeFix(
        id: "elbv2.load-balancer.drop-invalid-headers", check: "aws-elbv2-alb-drops-invalid-headers",
        summary: "Make the application load balancer drop HTTP headers with invalid names before they reach targets",
        key: "routing.http.drop_invalid_header_fields.enabled", label: "dropping invalid header fields",
        types: ["application"])
}
