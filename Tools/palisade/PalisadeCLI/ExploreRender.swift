import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

/// How `palisade explore` shows its answers and its errors (pure; tested in ExploreTests).
enum ExploreRender {
    /// Exit code of a query the graph service refused as written (syntax, unknown names, types, parameters).
    static let queryErrorCode: Int32 = 64

    /// `name=value` pairs; the value may contain `=`.
    static func parameters(_ pairs: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for p in pairs {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw ValidationError("--param takes name=value, not '\(p)'")
            }
            out[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        return out
    }

    /// A query error with the query line and a caret under the column it names; exit codes: 64 for a query the
    /// service could not accept, 1 when a budget stopped it or there is no graph yet, the usual ones otherwise.
    static func error(_ e: WireError, query: String?, endpoint: String) -> CLIError {
        guard e.code.hasPrefix("graph.query.") else { return CLIError.from(e, endpoint: endpoint) }
        var text = "error: \(e.code): \(e.message)"
        if let query, let (line, column) = position(e.message) {
            let lines = query.split(separator: "\n", omittingEmptySubsequences: false)
            if line >= 1, line <= lines.count {
                let shown = String(lines[line - 1])
                text += "\n  " + shown + "\n  " + String(repeating: " ", count: max(0, min(column - 1, shown.count))) + "^"
            }
        }
        let failed = e.code == "graph.query.budget" || e.code == "graph.query.no-graph"
        return CLIError(text, exitCode: failed ? CLIError.failedCode : queryErrorCode)
    }

    /// `line L, column C: …` at the start of a message.
    static func position(_ message: String) -> (Int, Int)? {
        let scanner = Scanner(string: message)
        guard scanner.scanString("line ") != nil, let line = scanner.scanInt(), scanner.scanString(", column ") != nil,
              let column = scanner.scanInt() else { return nil }
        return (line, column)
    }

    static func text(_ reply: ExploreReply) -> String {
        var out = table(reply).render()
        let n = reply.rows.count
        out += "\n\n\(n) row\(n == 1 ? "" : "s")" + (reply.stats.truncated ? " (truncated: raise --limit to see more)" : "")
            + String(format: " · %d nodes visited · %.1f ms", reply.stats.nodesVisited, reply.stats.elapsedMilliseconds)
        return out
    }

    static func table(_ reply: ExploreReply) -> Table {
        Table(headers: reply.columns, rows: reply.rows.map { $0.map(cell) })
    }

    /// One value as a table cell: a node as `Label name`, a relationship as its type and ends, a path as a chain,
    /// a list joined with commas, null as empty.
    static func cell(_ v: JSONValue) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s): return s
        case .array(let items):
            if isPath(items) { return path(items) }
            return items.map(cell).joined(separator: ", ")
        case .object(let o):
            if let label = o["label"]?.stringValue, let name = o["name"]?.stringValue, o["id"] != nil {
                return "\(label) \(name)"
            }
            if let type = o["type"]?.stringValue, let from = o["from"]?.stringValue, let to = o["to"]?.stringValue {
                return "\(from) -\(type)-> \(to)"
            }
            return o.keys.sorted().map { "\($0): \(cell(o[$0] ?? .null))" }.joined(separator: ", ")
        }
    }

    static func isPath(_ items: [JSONValue]) -> Bool {
        items.count >= 1 && items.count % 2 == 1 && items.enumerated().allSatisfy { i, v in
            i % 2 == 0 ? v["label"] != nil && v["id"] != nil : v["type"] != nil && v["from"] != nil
        }
    }

    /// `web-1 -EXPOSES-> app-role -CAN_READ-> customer-data`.
    static func path(_ items: [JSONValue]) -> String {
        items.enumerated().map { i, v in
            i % 2 == 0 ? (v["name"]?.stringValue ?? "?") : "-\(v["type"]?.stringValue ?? "?")->"
        }.joined(separator: " ")
    }

    static func templates(_ reply: ExploreTemplatesReply) -> String {
        reply.templates.map { t in
            var s = "\(t.name)\n  \(t.title). \(t.description)"
            for p in t.parameters {
                s += "\n  --param \(p.name)=…  \(p.description) (default: \(literal(p.defaultValue)))"
            }
            return s
        }.joined(separator: "\n\n")
    }

    static func templateTable(_ reply: ExploreTemplatesReply) -> Table {
        Table(headers: ["name", "title", "parameters"], rows: reply.templates.map { t in
            [t.name, t.title, t.parameters.map { "\($0.name)=\(literal($0.defaultValue))" }.joined(separator: " ")]
        }, maxCellWidth: 200)
    }

    /// A default value as it would be typed: `null`, `22,3389`, `.*`.
    static func literal(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .array(let items): return items.isEmpty ? "[]" : items.map(literal).joined(separator: ",")
        default: return cell(v)
        }
    }
}
