import Foundation
import PalisadeModel

/// The ServiceNow Table API on the wire: bodies, encoded queries, envelopes and error answers. Pure.
enum ServiceNowWire {
    /// Fields we read back, so an answer stays small.
    static let fields = "sys_id,number,state,active,correlation_id,sys_created_on"
    /// Incident states that mean the work is over: Resolved, Closed, Canceled.
    static let closedStates: Set<String> = ["6", "7", "8"]

    /// critical/high → 1, medium → 2, low/informational → 3 (used for both urgency and impact, so the priority
    /// ServiceNow derives is 1 critical/high, 3 moderate, 5 planning).
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "1"
        case .medium: "2"
        case .low, .informational: "3"
        }
    }

    static func createBody(_ draft: TicketDraft, assignmentGroup: String?) -> [String: String] {
        var body = contentBody(draft)
        body["correlation_id"] = draft.correlationID
        body["correlation_display"] = "Palisade"
        if let assignmentGroup { body["assignment_group"] = assignmentGroup }
        return body
    }

    static func contentBody(_ draft: TicketDraft) -> [String: String] {
        ["short_description": draft.title, "description": draft.description,
         "urgency": level(draft.severity), "impact": level(draft.severity)]
    }

    static func resolveBody(note: String, closeCode: String) -> [String: String] {
        ["state": "6", "close_code": closeCode, "close_notes": note]
    }

    /// `correlation_id=<key>^ORDERBYDESCsys_created_on`: any ticket with that key, open or closed, newest first.
    /// A caret inside the key is written `^^`, as encoded queries require.
    static func findQuery(correlationID: String) -> String {
        "correlation_id=\(correlationID.replacingOccurrences(of: "^", with: "^^"))^ORDERBYDESCsys_created_on"
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (so `=`, `^`, `&`, `+` survive in a value).
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    static func query(_ items: [(String, String)]) -> String {
        items.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    static func formBody(_ items: [(String, String)]) -> Data { Data(query(items).utf8) }

    struct Incident: Decodable {
        var sysID: String
        var number: String
        var state: String

        enum CodingKeys: String, CodingKey { case sysID = "sys_id", number, state }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            sysID = try c.decode(String.self, forKey: .sysID)
            number = try c.decode(String.self, forKey: .number)
            // A string in the Table API; tolerate a number.
            if let s = try? c.decode(String.self, forKey: .state) { state = s } else {
                state = String(try c.decode(Int.self, forKey: .state))
            }
        }
    }

    struct One: Decodable { var result: Incident }
    struct Many: Decodable { var result: [Incident] }
    struct Failure: Decodable {
        struct Detail: Decodable { var message: String?; var detail: String? }
        var error: Detail?
    }

    static func ticket(_ i: Incident, instance: URL, table: String, fingerprint: String?) -> Ticket {
        Ticket(system: "servicenow", id: i.sysID, number: i.number, state: i.state,
               isClosed: closedStates.contains(i.state),
               url: instance.appendingPathComponent("\(table).do").absoluteString + "?sys_id=\(i.sysID)",
               fingerprint: fingerprint)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TicketResponse, peer: String) throws(TicketError) -> T {
        do { return try JSONDecoder().decode(T.self, from: response.body) } catch {
            let type = response.headers["content-type"] ?? "no content type"
            let hint = type.contains("html")
                ? " (an HTML page: a login or SSO redirect, or a hibernating developer instance)" : ""
            throw TicketError(.invalidResponse, status: response.status,
                              message: "\(peer) did not answer with a Table API result envelope: \(type), "
                                + "\(response.body.count) bytes\(hint)")
        }
    }

    /// An unsuccessful answer as an error: ServiceNow's {"error":{"message","detail"},"status":"failure"} surfaced.
    static func error(_ response: TicketResponse, peer: String, action: String) -> TicketError {
        let kind = TicketError.Kind.forStatus(response.status)
        let failure = try? JSONDecoder().decode(Failure.self, from: response.body)
        let said = [failure?.error?.message, failure?.error?.detail].compactMap { $0 }.filter { !$0.isEmpty }
        let theirs = said.isEmpty ? "" : ": " + said.joined(separator: " — ")
        let hint: String
        switch kind {
        case .unauthorized: hint = "; check the user/password or the OAuth client"
        case .forbidden: hint = "; the user needs the itil role (write access to the table)"
        case .throttled: hint = "; still rate-limited after retrying"
        default: hint = ""
        }
        return TicketError(kind, status: response.status, retryAfter: response.retryAfter,
                           message: "\(peer) refused to \(action) (HTTP \(response.status))\(theirs)\(hint)")
    }
}
