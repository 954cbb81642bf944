import PalisadeModel
import PalisadeProtocol
import Synchronization

/// Answers `graph.explore`: picks the query (text or template), compiles the stored graph once per version
/// (with its indexes) and keeps it, parses each distinct text once, runs within the request's budgets, and turns
/// explorer errors into coded bus errors.
public final class ExplorerService: Sendable {
    let store: GraphStore
    private let compiled = Mutex<(versions: [GraphVersion], graph: ExplorerGraph)?>(nil)
    private let parsed = Mutex<[String: Explorer.Prepared]>([:])
    static let parsedCapacity = 256

    public init(store: GraphStore) { self.store = store }

    public func answer(_ q: ExploreQuery) throws -> ExploreReply {
        do {
            let (text, parameters) = try Self.resolve(q)
            let (versions, graph) = try graph(account: q.account)
            let prepared = try prepare(text)
            let limits = ExplorerLimits(maxRows: q.limits.maxRows ?? ExplorerLimits.defaultRows,
                                        timeoutMilliseconds: q.limits.timeoutMilliseconds ?? ExplorerLimits.defaultTimeoutMilliseconds,
                                        maxBindings: q.limits.maxBindings ?? ExplorerLimits.defaultBindings)
            let r = try Explorer(graph: graph).run(prepared, parameters: parameters, limits: limits)
            return ExploreReply(columns: r.columns, rows: r.rows,
                                stats: ExploreStats(nodesVisited: r.nodesVisited, elapsedMilliseconds: r.elapsedMilliseconds,
                                                    truncated: r.truncated,
                                                    graphs: Dictionary(versions.map { ($0.account, $0.scanID) },
                                                                       uniquingKeysWith: { a, _ in a })))
        } catch let e as ExplorerError {
            throw WireError(code: e.code, message: e.message)
        }
    }

    public static func templates() -> ExploreTemplatesReply {
        ExploreTemplatesReply(templates: ExplorerTemplate.builtIn.map { t in
            ExploreTemplateInfo(name: t.name, title: t.title, description: t.description,
                                parameters: t.parameters.map {
                                    ExploreTemplateInfo.Parameter(name: $0.name, description: $0.description,
                                                                  defaultValue: $0.defaultValue)
                                }, query: t.query)
        })
    }

    /// The text to run and its parameters.
    static func resolve(_ q: ExploreQuery) throws(ExplorerError) -> (String, [String: JSONValue]) {
        switch (q.query, q.template) {
        case (let text?, nil):
            var params = q.parameters
            for (k, v) in q.textParameters { params[k] = ExplorerTemplate.read(v) }
            return (text, params)
        case (nil, let name?):
            guard let t = ExplorerTemplate.named(name) else {
                var msg = "no template named '\(name)'"
                if let near = ExplorerVocabulary.nearest(name, in: ExplorerTemplate.builtIn.map(\.name)) {
                    msg += "; did you mean '\(near)'?"
                }
                throw ExplorerError(code: ExplorerError.unknownTemplateCode, message: msg + " (`palisade explore --templates` lists them)")
            }
            return (t.query, try t.arguments(q.parameters, text: q.textParameters))
        default:
            throw ExplorerError(code: ExplorerError.syntaxCode, message: "give either a query or a template, not \(q.query == nil ? "neither" : "both")")
        }
    }

    /// The compiled graph of the stored version, rebuilt only when a scan changed it.
    func graph(account: String?) throws -> ([GraphVersion], ExplorerGraph) {
        let current = try store.graphVersions().filter { account == nil || $0.account == account }
        guard !current.isEmpty else {
            let all = try store.graphVersions().map(\.account)
            throw WireError(code: "graph.query.no-graph", message: account.map {
                "no graph has been built for account \($0)" + (all.isEmpty ? "" : "; graphs exist for \(all.joined(separator: ", "))")
            } ?? "no graph has been built yet; run a scan (`palisade scan aws`) and wait for the graph to catch up")
        }
        if let hit = compiled.withLock({ $0 }), hit.versions == current { return (hit.versions, hit.graph) }
        let snapshot = try store.explorerSnapshot(account: account)
        let graph = ExplorerGraph(snapshot.graphs)
        compiled.withLock { $0 = (snapshot.versions, graph) }
        return (snapshot.versions, graph)
    }

    private func prepare(_ text: String) throws(ExplorerError) -> Explorer.Prepared {
        if let p = parsed.withLock({ $0[text] }) { return p }
        let p = try Explorer.prepare(text)
        parsed.withLock {
            if $0.count >= Self.parsedCapacity { $0.removeAll(keepingCapacity: true) }
            $0[text] = p
        }
        return p
    }
}

extension ExplorerService {
    /// `graph.explore` and `graph.explore.templates` on the graph service's router.
    public func register(on router: inout Router) {
        router.on(ExploreQuery.self) { [self] query, _ in try answer(query) }
        router.on(ExploreTemplatesQuery.self) { _, _ in Self.templates() }
    }
}
