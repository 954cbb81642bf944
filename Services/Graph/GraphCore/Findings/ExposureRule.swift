import Foundation
import PalisadeModel

/// `internet_exposure`: an `exposes` edge from the internet reaches the resource on one of the check's ports.
///
/// The network builder keeps one `exposes` edge per resource: definite with the ports of its wholly readable chains,
/// and records chains it could not decide on other ports as a problem of the resource (`exposure`: "also maybe
/// reachable on tcp/22: …"). A wanted port that is only "maybe" reachable is an error, not a pass.
enum ExposureRule {
    static let maybePrefix = "also maybe reachable on "

    static func decide(_ id: String, ports wanted: [PalisadeModel.PortRange], _ index: GraphEdgeIndex) -> GraphDecision {
        var definite: [String] = [], unknown: [String] = []
        let wantedText = wanted.map(\.description).joined(separator: ", ")
        for e in index.into(id, GraphVocabulary.exposes) where e.src == GraphVocabulary.internetID {
            let parsed = e.ports.map { ($0, PalisadeModel.PortRange($0)) }
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
        for p in index.problems(id) where p.element == "exposure" {
            guard p.reason.hasPrefix(maybePrefix) else { continue }
            let rest = p.reason.dropFirst(maybePrefix.count)
            let list = rest.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            let ranges = list.split(separator: ",").map { PalisadeModel.PortRange(String($0)) }
            if ranges.contains(where: { $0 == nil }) || ranges.contains(where: { r in wanted.contains { r!.overlaps($0) } }) {
                unknown.append("the internet may reach it on \(list): \(rest.split(separator: ":", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")")
            }
        }
        return GraphDecision.from(definite: definite, unknown: unknown,
                                  undecided: "whether the internet reaches it on \(wantedText) is unknown")
    }
}
