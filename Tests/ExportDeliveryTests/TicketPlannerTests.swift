import Foundation
import PalisadeModel
import Testing
@testable import ExportCore

/// Pure decisions: correlation ids, drafts, the action per finding change, retries, wire details.
@Suite struct TicketPlannerTests {
    let open = Ticket(system: "servicenow", id: "a1", number: "INC0010001", state: "2", isClosed: false)
    var closed: Ticket { Ticket(system: "servicenow", id: "a1", number: "INC0010001", state: "7", isClosed: true) }

    func known(for f: Finding) -> Ticket {
        var t = open
        t.fingerprint = TicketPlanner.draft(for: f).fingerprint
        return t
    }

    @Test func correlationIDIsStableReadableWhenSafeAndHashedOtherwise() {
        let id = TicketPlanner.correlationID(checkID: "aws.s3.public", resourceID: "arn:aws:s3:::b", account: "1234")
        #expect(id == "1234/aws.s3.public/arn:aws:s3:::b")
        #expect(id == TicketPlanner.correlationID(checkID: "aws.s3.public", resourceID: "arn:aws:s3:::b", account: "1234"))
        let long = TicketPlanner.correlationID(checkID: "c", resourceID: String(repeating: "r", count: 200), account: "1")
        let unsafe = TicketPlanner.correlationID(checkID: "c", resourceID: "name with spaces^and=carets", account: "1")
        let slash = TicketPlanner.correlationID(checkID: "c", resourceID: "arn:aws:iam::1:role/admin", account: "1")
        for hashed in [long, unsafe, slash] {
            #expect(hashed.hasPrefix("palisade-") && hashed.count == 49 && !hashed.contains("/"))
            #expect(hashed.allSatisfy { $0.isASCII && !$0.isWhitespace })
        }
        #expect(Set([long, unsafe, slash]).count == 3)
        // Moving a separator between parts changes the id.
        #expect(TicketPlanner.correlationID(checkID: "a b", resourceID: "c", account: "1")
                != TicketPlanner.correlationID(checkID: "a", resourceID: "b c", account: "1"))
    }

    @Test func theDraftIgnoresWhatChangesEveryScan() {
        let a = ticketFinding()
        var b = a
        b.scanID = "scan-9"
        b.lastSeen = a.lastSeen.addingTimeInterval(86_400)
        b.version = 4
        #expect(TicketPlanner.draft(for: a) == TicketPlanner.draft(for: b))
        let draft = TicketPlanner.draft(for: a, labels: ["team-x"])
        #expect(draft.title == "S3 bucket allows public read — arn:aws:s3:::payroll-exports")
        #expect(draft.description.contains("Why: the bucket policy allows s3:GetObject to *"))
        #expect(draft.description.contains("Remediation: "))
        #expect(draft.labels == ["team-x"] && draft.severity == .high && draft.account == "123456789012")
        let long = ticketFinding(resource: String(repeating: "x", count: 300))
        #expect(TicketPlanner.draft(for: long).title.count == 160)
    }

    @Test func aFailingFindingWithoutAnOpenTicketIsCreated() {
        let f = ticketFinding()
        #expect(TicketPlanner.decide(finding: f, known: nil) == .create(TicketPlanner.draft(for: f)))
        // Reopening after the ticket was closed means a new ticket.
        #expect(TicketPlanner.decide(finding: f, known: closed) == .create(TicketPlanner.draft(for: f)))
    }

    @Test func aFailingFindingWithAnOpenTicketIsUpdatedOnlyWhenItsContentChanged() {
        let f = ticketFinding()
        #expect(TicketPlanner.decide(finding: f, known: known(for: f)) == .none)
        for changed in [ticketFinding(reason: "now also public write"), ticketFinding(severity: .critical)] {
            #expect(TicketPlanner.decide(finding: changed, known: known(for: f))
                    == .update(known(for: f), TicketPlanner.draft(for: changed)))
        }
        var retitled = f
        retitled.title = "S3 bucket is publicly readable"
        #expect(TicketPlanner.decide(finding: retitled, known: known(for: f)) != .none)
        // Found by correlation id, content unknown: brought up to date once.
        #expect(TicketPlanner.decide(finding: f, known: open) == .update(open, TicketPlanner.draft(for: f)))
    }

    @Test func aPassingMutedOrVanishedFindingResolvesAnOpenTicket() {
        let t = known(for: ticketFinding())
        for f in [ticketFinding(status: .pass, lifecycle: .resolved), ticketFinding(status: .muted),
                  ticketFinding(status: .notApplicable, lifecycle: .resolved)] {
            guard case .resolve(let ticket, let note) = TicketPlanner.decide(finding: f, known: t) else {
                Issue.record("\(f.status) did not resolve")
                continue
            }
            #expect(ticket == t && note.hasPrefix("Palisade: "))
            #expect(TicketPlanner.decide(finding: f, known: nil) == .none)
            #expect(TicketPlanner.decide(finding: f, known: closed) == .none)
        }
        let muted = TicketPlanner.decide(finding: ticketFinding(status: .muted), known: t)
        #expect(muted == .resolve(t, note: TicketPlanner.resolutionNote(for: ticketFinding(status: .muted))))
        #expect(TicketPlanner.resolutionNote(for: ticketFinding(status: .muted)).contains("mute.exports-bucket"))
    }

    @Test func unknownResultsLeaveTicketsAlone() {
        let t = known(for: ticketFinding())
        #expect(TicketPlanner.decide(finding: ticketFinding(status: .error), known: t) == .none)
        #expect(TicketPlanner.decide(finding: ticketFinding(status: .error), known: nil) == .none)
        #expect(TicketPlanner.decide(finding: ticketFinding(status: .notApplicable, lifecycle: .persisting), known: t)
                == .none)
    }

    @Test func closedRemotelyIsOnlyTheOpenToClosedTransitionOfOneTicket() {
        #expect(TicketSync.closedRemotely(open, closed))
        #expect(!TicketSync.closedRemotely(closed, closed))
        #expect(!TicketSync.closedRemotely(open, open))
        var other = closed
        other.id = "b2"
        #expect(!TicketSync.closedRemotely(open, other))
    }

    @Test func retryPolicyHonoursRetryAfterAndRepeatsOnlySafeRequests() {
        let p = TicketRetryPolicy(maxRetries: 2)
        #expect(p.decide(retriesSoFar: 0, status: 429, retryAfter: .seconds(3), idempotent: false) == .retry(after: .seconds(3)))
        #expect(p.decide(retriesSoFar: 2, status: 429, retryAfter: .seconds(1), idempotent: true) == .stop)
        #expect(p.decide(retriesSoFar: 0, status: 429, retryAfter: .seconds(600), idempotent: true) == .stop)
        #expect(p.decide(retriesSoFar: 0, status: 500, retryAfter: nil, idempotent: true) == .retry(after: .milliseconds(500)))
        #expect(p.decide(retriesSoFar: 1, status: nil, retryAfter: nil, idempotent: true) == .retry(after: .seconds(1)))
        #expect(p.decide(retriesSoFar: 0, status: 500, retryAfter: nil, idempotent: false) == .stop)
        for status in [400, 401, 403, 404] {
            #expect(p.decide(retriesSoFar: 0, status: status, retryAfter: nil, idempotent: true) == .stop)
        }
        #expect(TicketRetryPolicy.retryAfter("7") == .seconds(7))
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(TicketRetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == .seconds(30))
        #expect(TicketRetryPolicy.retryAfter("soon") == nil && TicketRetryPolicy.retryAfter(nil) == nil)
    }

    @Test func errorsSayWhetherToRetry() {
        #expect(TicketError(.throttled, message: "").retryable && TicketError(.server, message: "").retryable
                && TicketError(.network, message: "").retryable)
        #expect(!TicketError(.unauthorized, message: "").retryable && !TicketError(.rejected, message: "").retryable
                && !TicketError(.invalidResponse, message: "").retryable)
        #expect(TicketError(.notFound, status: 404, message: "gone").description == "ticket.notFound (HTTP 404): gone")
    }

    @Test func wireDetails() {
        #expect(ServiceNowWire.findQuery(correlationID: "a^b") == "correlation_id=a^^b^ORDERBYDESCsys_created_on")
        #expect(ServiceNowWire.encode("a=b^c/d e&f+g") == "a%3Db%5Ec%2Fd%20e%26f%2Bg")
        #expect([Severity.critical, .high, .medium, .low, .informational].map(ServiceNowWire.level)
                == ["1", "1", "2", "3", "3"])
        let draft = TicketPlanner.draft(for: ticketFinding(), labels: ["cloud sec", "palisade", ""])
        let labels = JiraWire.labels(draft)
        #expect(labels == ["cloud-sec", "palisade", JiraWire.correlationLabel(draft.correlationID)])
        #expect(labels.allSatisfy { !$0.contains(" ") })
        let doc = JiraWire.document("one\ntwo\n\n\n\nthree")
        let paragraphs = doc["content"] as? [[String: Any]] ?? []
        #expect(doc["type"] as? String == "doc" && doc["version"] as? Int == 1 && paragraphs.count == 2)
        #expect((paragraphs.first?["content"] as? [[String: Any]])?.map { $0["type"] as? String }
                == ["text", "hardBreak", "text"])
        #expect(JiraWire.findJQL(projectKey: "SEC", label: "palisade-ab")
                == "project = \"SEC\" AND labels = \"palisade-ab\" ORDER BY created DESC")
    }

    @Test func printingAClientNeverShowsItsSecrets() {
        let sn = ServiceNowClient(instance: URL(string: "https://acme.service-now.com")!,
                                  auth: .oauth(clientID: "cid", clientSecret: "Client-S3cret", user: "svc",
                                               password: "Passw0rd-S3cret"))
        let jira = JiraClient(site: URL(string: "https://acme.atlassian.net")!, email: "bot@acme.io",
                              apiToken: "Api-T0ken-S3cret", projectKey: "SEC")
        var dumped = ""
        dump(sn, to: &dumped)
        dump(jira, to: &dumped)
        for text in ["\(sn)", String(reflecting: sn), "\(jira)", String(reflecting: jira), dumped] {
            #expect(!text.contains("S3cret") && !text.contains("QXBp"))
        }
        #expect("\(sn)".contains("acme.service-now.com") && "\(jira)".contains("SEC"))
    }
}
