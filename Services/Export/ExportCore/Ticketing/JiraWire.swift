import Crypto
import Foundation

/// Jira Cloud REST v3 on the wire: issue bodies, the Atlassian Document Format, JQL, answers and errors. Pure.
enum JiraWire {
    /// The label that ties an issue to a correlation id: `palisade-` + 16 hex digits of its SHA-256
    /// (labels cannot hold spaces, and correlation ids can be long).
    static func correlationLabel(_ correlationID: String) -> String {
        "palisade-" + TicketPlanner.hex(SHA256.hash(data: Data(correlationID.utf8))).prefix(16)
    }

    /// The draft's labels made valid (whitespace → `-`, at most 255 characters), then `palisade` and the
    /// correlation label; no duplicates, order kept.
    static func labels(_ draft: TicketDraft) -> [String] {
        var seen = Set<String>()
        let cleaned = draft.labels.map { label in
            String(label.split(whereSeparator: \.isWhitespace).joined(separator: "-").prefix(255))
        }
        return (cleaned + ["palisade", correlationLabel(draft.correlationID)]).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Plain text as an ADF document: a paragraph per blank-line-separated block, hard breaks between its lines.
    /// (ADF text nodes must not be empty, so empty lines and blocks are left out.)
    static func document(_ text: String) -> [String: Any] {
        let blocks = text.components(separatedBy: "\n\n").compactMap { block -> [String: Any]? in
            let lines = block.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard !lines.isEmpty else { return nil }
            var content: [[String: Any]] = []
            for (i, line) in lines.enumerated() {
                if i > 0 { content.append(["type": "hardBreak"]) }
                content.append(["type": "text", "text": line])
            }
            return ["type": "paragraph", "content": content]
        }
        return ["type": "doc", "version": 1, "content": blocks]
    }

    static func createBody(_ draft: TicketDraft, projectKey: String, issueType: String) -> [String: Any] {
        ["fields": [
            "project": ["key": projectKey], "summary": summary(draft.title), "issuetype": ["name": issueType],
            "description": document(draft.description), "labels": labels(draft),
        ] as [String: Any]]
    }

    /// Summary and description only: labels people added stay.
    static func updateBody(_ draft: TicketDraft) -> [String: Any] {
        ["fields": ["summary": summary(draft.title), "description": document(draft.description)] as [String: Any]]
    }

    static func commentBody(_ note: String) -> [String: Any] { ["body": document(note)] }

    /// Jira summaries hold 255 characters and one line.
    static func summary(_ title: String) -> String {
        String(title.replacingOccurrences(of: "\n", with: " ").prefix(255))
    }

    /// `project = "SEC" AND labels = "palisade-…" ORDER BY created DESC`.
    static func findJQL(projectKey: String, label: String) -> String {
        "project = \(quote(projectKey)) AND labels = \(quote(label)) ORDER BY created DESC"
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `POST /rest/api/3/search/jql`. The endpoint is eventually consistent; `reconcile` lists issue ids written
    /// recently (at most 50) that Jira must include in their current state.
    static func searchBody(jql: String, reconcile: [Int]) -> [String: Any] {
        var body: [String: Any] = ["jql": jql, "fields": ["status", "summary", "labels"], "maxResults": 1]
        if !reconcile.isEmpty { body["reconcileIssues"] = Array(reconcile.suffix(50)) }
        return body
    }

    static func json(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    struct Status: Decodable {
        struct Category: Decodable { var key: String }
        var name: String
        var statusCategory: Category
    }

    struct Issue: Decodable {
        struct Fields: Decodable { var status: Status? }
        var id: String
        var key: String
        var fields: Fields?
    }

    struct Created: Decodable { var id: String; var key: String }
    struct Search: Decodable { var issues: [Issue] }
    struct Transitions: Decodable {
        struct Transition: Decodable { var id: String; var name: String; var to: Status? }
        var transitions: [Transition]
    }

    struct Failure: Decodable {
        var errorMessages: [String]?
        var errors: [String: String]?
    }

    static func ticket(_ issue: Issue, site: URL, fingerprint: String?) -> Ticket {
        let status = issue.fields?.status
        return Ticket(system: "jira", id: issue.id, number: issue.key, state: status?.name ?? "",
                      isClosed: status?.statusCategory.key == "done",
                      url: site.appendingPathComponent("browse").appendingPathComponent(issue.key).absoluteString,
                      fingerprint: fingerprint)
    }

    /// The transition that ends the work: the first whose target's status category is `done`.
    static func doneTransition(_ t: Transitions) -> Transitions.Transition? {
        t.transitions.first { $0.to?.statusCategory.key == "done" }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TicketResponse, peer: String) throws(TicketError) -> T {
        do { return try JSONDecoder().decode(T.self, from: response.body) } catch {
            throw TicketError(.invalidResponse, status: response.status,
                              message: "\(peer) answered with something other than the expected JSON: "
                                + "\(response.headers["content-type"] ?? "no content type"), \(response.body.count) bytes")
        }
    }

    /// {"errorMessages":[…],"errors":{field: message}} surfaced.
    static func error(_ response: TicketResponse, peer: String, action: String, projectKey: String) -> TicketError {
        let kind = TicketError.Kind.forStatus(response.status)
        let failure = try? JSONDecoder().decode(Failure.self, from: response.body)
        let said = (failure?.errorMessages ?? [])
            + (failure?.errors ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        let theirs = said.isEmpty ? "" : ": " + said.joined(separator: "; ")
        let hint: String
        switch kind {
        case .unauthorized: hint = "; check the e-mail and API token"
        case .forbidden: hint = "; the account needs Browse, Create, Edit and Transition issues in project \(projectKey)"
        case .throttled: hint = "; still rate-limited after retrying"
        default: hint = ""
        }
        return TicketError(kind, status: response.status, retryAfter: response.retryAfter,
                           message: "\(peer) refused to \(action) (HTTP \(response.status))\(theirs)\(hint)")
    }
}
