import PalisadeModel

/// `internet_exposure`: an `exposes` edge from the internet reaches the resource on one of the check's ports.
enum ExposureRule {
    static func decide(_ id: String, ports wanted: [PortRange], _ index: GraphEdgeIndex) -> GraphDecision {
        var definite: [String] = [], unknown: [String] = []
        let wantedText = wanted.map(\.description).joined(separator: ", ")
        for e in index.into(id, GraphVocabulary.exposes) where e.src == GraphVocabulary.internetID {
            let parsed = e.ports.map { ($0, PortRange($0)) }
            let unreadable = parsed.filter { $0.1 == nil }.map(\.0)
            let open = parsed.compactMap { text, range in range.flatMap { r in wanted.contains(where: r.overlaps) ? text : nil } }
            if !open.isEmpty {
                let line = "the internet reaches it on \(open.joined(separator: ", ")) (\(wantedText) asked): \(e.evidenceText)"
                if let why = e.unknown { unknown.append("\(line) — evidence unknown: \(why)") } else { definite.append(line) }
            } else if e.ports.isEmpty || !unreadable.isEmpty {
                // The edge exists but its ports cannot be read: whether the asked ports are open is not known.
                let what = e.ports.isEmpty ? "lists no ports" : "has unreadable ports \(unreadable.joined(separator: ", "))"
                unknown.append("an exposes edge \(what): \(e.evidenceText)" + (e.unknown.map { " — evidence unknown: \($0)" } ?? ""))
            }
        }
        return GraphDecision.from(definite: definite, unknown: unknown,
                                  undecided: "whether the internet reaches it on \(wantedText) is unknown")
    }
}
