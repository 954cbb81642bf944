import GraphCore
import PalisadeModel
import PalisadeProtocol
import Testing

/// The attack-path accuracy estate: every planted chain is found with its entry, target, edges and evidence, and
/// no look-alike decoy yields a path (docs/graph.md § Accuracy estate).
@Suite(.serialized, .timeLimit(.minutes(15))) struct GraphAccuracyTests {
    /// The estate is what the manifest says: enough chains, each with a decoy, and every entry and target
    /// collected and in the graph — otherwise "no path" from a decoy would prove nothing.
    @Test func estateIsCollectedAsDeclared() async throws {
        let estate = try await GraphEstates.shared.estate()
        let m = estate.manifest
        #expect(estate.progress?.state == .done, "scan ended \(String(describing: estate.progress?.state)): \(estate.progress?.error ?? "")")
        #expect(estate.failedScopes.isEmpty, "scopes the estate depends on failed: \(estate.failedScopes)")
        #expect(m.chains.count >= 15, "only \(m.chains.count) chains")
        let chainIDs = Set(m.chains.map(\.id))
        for chain in m.chains {
            #expect(m.decoys.contains { $0.chain == chain.id }, "chain \(chain.id) has no decoy")
            #expect(!chain.edgeKinds.isEmpty, "chain \(chain.id) expects no edges")
        }
        for decoy in m.decoys {
            #expect(chainIDs.contains(decoy.chain), "decoy \(decoy.id) mimics unknown chain \(decoy.chain)")
        }
        var refs: [(String, EstateManifest.Ref)] = []
        for c in m.chains { refs += [(c.id, c.entry), (c.id, c.target)] }
        for d in m.decoys { refs += [(d.id, d.entry), (d.id, d.target)] }
        for (id, ref) in refs {
            let found = estate.nodes(ref)
            #expect(found.count == 1, "\(id): \(ref) is \(found.count) graph nodes, expected exactly one")
        }
        let problems = estate.graph.problems
        print("graph-accuracy: \(estate.resources.count) resources, \(estate.graph.nodes.count) nodes, "
              + "\(estate.graph.edges.count) edges, \(estate.paths.count) paths, \(problems.count) problems")
        for p in problems { print("graph-accuracy problem: \(p.resource) — \(p.element): \(p.reason)") }
        for (gap, why) in m.gaps.sorted(by: { $0.key < $1.key }) { print("graph-accuracy gap \(gap): \(why)") }
    }

    @Test func everyChainIsFound() async throws {
        let estate = try await GraphEstates.shared.estate()
        for chain in estate.manifest.chains {
            let candidates = estate.paths(from: chain.entry, to: chain.target)
            let verdicts = candidates.map { ($0, PathMatch.shortfalls($0, chain)) }
            if verdicts.contains(where: { $0.1.isEmpty }) { continue }
            let fromEntry = estate.paths(from: chain.entry)
            let ids = Set(estate.nodes(chain.entry).map(\.id) + estate.nodes(chain.target).map(\.id)
                          + fromEntry.flatMap { $0.nodes.map(\.id) })
            let problems = estate.problems(about: ids)
            var why = candidates.isEmpty
                ? "no path from the entry reaches the target"
                : verdicts.map { "a path falls short: " + $0.1.joined(separator: "; ") }.joined(separator: "\n")
            if !problems.isEmpty {
                why += "\ngraph problems on these nodes:\n" + problems.map { "  \($0.resource) — \($0.element): \($0.reason)" }
                    .joined(separator: "\n")
            }
            Issue.record("""
                chain \(chain) not found: \(why)
                expected edges \(chain.edgeKinds), evidence \(chain.evidence)\(chain.permissions.isEmpty ? "" : ", permissions \(chain.permissions)")
                paths from \(chain.entry):
                \(PathMatch.describe(fromEntry))
                """)
        }
    }

    @Test func noDecoyYieldsAPath() async throws {
        let estate = try await GraphEstates.shared.estate()
        for decoy in estate.manifest.decoys {
            let found = estate.paths(from: decoy.entry, to: decoy.target)
            let offending = found.filter { !PathMatch.toleratedForDecoy($0, decoy) }
            if offending.isEmpty { continue }
            Issue.record("""
                decoy \(decoy) yields a path:
                \(PathMatch.describe(offending))
                """)
        }
    }
}
