import PalisadeModel

/// What Tools/seed/graph/seed_graph.py says it planted: chains that must be found and decoys that must not be.
struct EstateManifest: Sendable {
    /// A resource named by type and name (the account: type `aws.account`, name = the account id).
    struct Ref: Sendable, Hashable, CustomStringConvertible {
        var type: String
        var name: String
        var description: String { "\(type) '\(name)'" }
    }

    struct Chain: Sendable, CustomStringConvertible {
        var id: String
        var family: String
        var entry: Ref
        var target: Ref
        /// Must appear on the path in this order (other edges may come between).
        var edgeKinds: [String]
        /// Each must appear in some edge's evidence or details on the path.
        var evidence: [String]
        /// Each must be among the `permissions` of some `can_escalate` edge on the path.
        var permissions: [String]
        var description: String { "\(id) (\(family)): \(entry) → \(target)" }
    }

    struct Decoy: Sendable, CustomStringConvertible {
        var id: String
        var chain: String
        var entry: Ref
        var target: Ref
        var why: String
        /// A condition key the configuration cannot decide (docs/graph.md): a path may exist only if it is
        /// conditional and names this key.
        var conditionalOn: String?
        var description: String { "\(id) (look-alike of \(chain)): \(entry) → \(target) — \(why)" }
    }

    var account: String
    var families: [String]
    var chains: [Chain]
    var decoys: [Decoy]
    var gaps: [String: String]
    var harness: Set<String>

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init(_ m: JSONValue) throws {
        func string(_ v: JSONValue?, _ what: String) throws -> String {
            guard let s = v?.stringValue else { throw Invalid(description: "manifest: \(what) is not a string") }
            return s
        }
        func strings(_ v: JSONValue?) -> [String] { (v?.arrayValue ?? []).compactMap(\.stringValue) }
        func ref(_ v: JSONValue?, _ what: String) throws -> Ref {
            Ref(type: try string(v?["type"], "\(what).type"), name: try string(v?["name"], "\(what).name"))
        }
        account = try string(m["account"], "account")
        families = strings(m["families"])
        chains = try (m["chains"]?.arrayValue ?? []).map { c in
            let id = try string(c["id"], "chain id")
            return Chain(id: id, family: try string(c["family"], "\(id).family"), entry: try ref(c["entry"], "\(id).entry"),
                         target: try ref(c["target"], "\(id).target"), edgeKinds: strings(c["edgeKinds"]),
                         evidence: strings(c["evidence"]), permissions: strings(c["permissions"]))
        }
        decoys = try (m["decoys"]?.arrayValue ?? []).map { d in
            let id = try string(d["id"], "decoy id")
            return Decoy(id: id, chain: try string(d["chain"], "\(id).chain"), entry: try ref(d["entry"], "\(id).entry"),
                         target: try ref(d["target"], "\(id).target"), why: try string(d["why"], "\(id).why"),
                         conditionalOn: d["conditionalOn"]?.stringValue)
        }
        gaps = (m["gaps"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        harness = Set(strings(m["harnessIdentities"]))
    }
}
