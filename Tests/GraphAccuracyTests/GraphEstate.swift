import Foundation
import GraphCore
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit

/// The attack-path accuracy estate (Tools/seed/graph/seed_graph.py) seeded into its own moto server (signature
/// checking on), scanned in us-east-1 by the real connector, its security graph built and its paths found.
struct GraphEstate: Sendable {
    let manifest: EstateManifest
    let progress: ScanProgress?
    let resources: [Resource]
    let graph: SecurityGraph
    let paths: [AttackPath]

    /// Services the estate's chains are made of: a failed scope of one of them would make chains vanish for a
    /// reason that is not the graph's.
    static let services: Set<String> = ["ec2", "iam", "s3", "lambda", "rds", "kms", "secretsmanager",
                                        "elasticloadbalancing"]

    static func make() async throws -> GraphEstate {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000, timeout: .seconds(120))
        defer { moto.stop() }
        let raw = try moto.runSeed("Tools/seed/graph/seed_graph.py", ["--enable-auth"])
        let manifest = try EstateManifest(raw)
        let scanner = raw.value(at: "scannerCredentials.palisade-scanner")
        guard let key = scanner?["accessKeyId"]?.stringValue, let secret = scanner?["secretAccessKey"]?.stringValue else {
            throw EstateManifest.Invalid(description: "manifest has no scanner credentials")
        }
        let (progress, resources) = await scanEstate(endpoint: moto.endpoint, key: key, secret: secret,
                                                     scanID: "graph-accuracy")
        let graph = GraphBuilder.build(account: manifest.account, resources: resources, findings: [])
        let paths = AttackPathFinder(graph: graph).find().paths
        return GraphEstate(manifest: manifest, progress: progress, resources: resources, graph: graph, paths: paths)
    }

    /// Scopes of the estate's services that did not collect.
    var failedScopes: [ScopeResult] {
        (progress?.scopes ?? []).filter { Self.services.contains($0.service) && $0.status != .ok }
    }

    // MARK: nodes and paths by name

    func matches(_ node: GraphNode, _ ref: EstateManifest.Ref) -> Bool {
        if ref.type == GraphVocabulary.accountKind {
            return node.kind == ref.type && node.id == GraphVocabulary.accountNodeID(ref.name)
        }
        return node.kind == ref.type && node.label == ref.name
    }

    func nodes(_ ref: EstateManifest.Ref) -> [GraphNode] { graph.nodes.filter { matches($0, ref) } }

    /// `nodes[1]` when the path starts at the synthetic internet or any-principal node, else `nodes[0]`.
    static func entry(of path: AttackPath) -> GraphNode? {
        guard let first = path.nodes.first else { return nil }
        let synthetic = first.id == GraphVocabulary.internetID || first.id == GraphVocabulary.anyPrincipalID
        return synthetic && path.nodes.count > 1 ? path.nodes[1] : first
    }

    func paths(from entry: EstateManifest.Ref) -> [AttackPath] {
        paths.filter { p in Self.entry(of: p).map { matches($0, entry) } ?? false }
    }

    func paths(from entry: EstateManifest.Ref, to target: EstateManifest.Ref) -> [AttackPath] {
        paths(from: entry).filter { p in p.nodes.last.map { matches($0, target) } ?? false }
    }

    /// Problems the builders recorded about these nodes.
    func problems(about nodeIDs: Set<String>) -> [GraphProblem] {
        graph.problems.filter { nodeIDs.contains($0.resource) }
    }
}

/// The estate, made once per test process.
actor GraphEstates {
    static let shared = GraphEstates()
    private var made: Task<GraphEstate, any Error>?

    func estate() async throws -> GraphEstate {
        if made == nil { made = Task { try await GraphEstate.make() } }
        return try await made!.value
    }
}
