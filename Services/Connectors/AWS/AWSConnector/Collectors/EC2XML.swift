import Foundation
import PalisadeModel

/// Reading EC2 query-protocol answers into normalized properties, shared by the EC2 and VPC collectors.
extension XMLNode {
    /// Text at `path` as JSON; missing or empty → null (EC2 sends `<instanceId/>` for "none").
    func jsonString(_ path: String) -> JSONValue {
        string(path).flatMap { $0.isEmpty ? nil : JSONValue.string($0) } ?? .null
    }

    /// Integer at `path` as a JSON number; missing → null.
    func jsonInt(_ path: String) -> JSONValue { int(path).map { .number(Double($0)) } ?? .null }

    /// The `key` of every entry of the list at `path` (`groupSet` → `groupId`), empties dropped.
    func ids(_ path: String, _ key: String) -> JSONValue {
        .array(list(path).compactMap { $0.string(key).flatMap { $0.isEmpty ? nil : .string($0) } })
    }

    /// A list of plain `<item>text</item>` entries (`routeTableIdSet`).
    func texts(_ path: String) -> JSONValue {
        .array(list(path).compactMap { $0.text.isEmpty ? nil : .string($0.text) })
    }

    /// `tagSet` → key/value.
    var tags: [String: String] {
        var tags: [String: String] = [:]
        for t in list("tagSet") { if let k = t.string("key") { tags[k] = t.string("value") ?? "" } }
        return tags
    }
}

extension PropertyBag {
    /// Sets a boolean the API is documented to return; when the answer lacks it, the property is unknown
    /// (never a guessed `false`).
    mutating func bool(_ key: String, _ node: XMLNode, _ path: String, from operation: String) {
        if let value = node.bool(path) { self[key] = .bool(value) } else {
            unknown[key] = "\(operation) returned no \(path)"
        }
    }
}

enum EC2XML {
    /// `createVolumePermission` / `launchPermission` entries → who may use the snapshot or image:
    /// `public` (group `all`), account ids, organization and OU ARNs.
    static func sharing(_ items: [XMLNode]) -> (isPublic: Bool, accounts: [String], organizations: [String]) {
        var isPublic = false
        var accounts: [String] = []
        var orgs: [String] = []
        for p in items {
            if p.string("group") == "all" { isPublic = true }
            if let a = p.string("userId"), !a.isEmpty { accounts.append(a) }
            for key in ["organizationArn", "organizationalUnitArn"] {
                if let o = p.string(key), !o.isEmpty { orgs.append(o) }
            }
        }
        return (isPublic, accounts, orgs)
    }

    /// Instance metadata service options as instances and launch templates report them.
    static func metadataOptions(_ m: XMLNode?) -> JSONValue {
        guard let m else { return .null }
        return ["httpTokens": m.jsonString("httpTokens"), "httpEndpoint": m.jsonString("httpEndpoint"),
                "httpPutResponseHopLimit": m.jsonInt("httpPutResponseHopLimit"),
                "instanceMetadataTags": m.jsonString("instanceMetadataTags")]
    }

    /// The element as JSON with the named children dropped (user data must not reach `raw`).
    static func raw(_ node: XMLNode, dropping names: Set<String> = []) -> JSONValue {
        func strip(_ n: XMLNode) -> XMLNode {
            var n = n
            n.children = n.children.filter { !names.contains($0.name) }.map(strip)
            return n
        }
        return (names.isEmpty ? node : strip(node)).jsonValue
    }
}
