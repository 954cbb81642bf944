import ExportCore
import Foundation
import PalisadeModel
import Testing

/// The Jira client against the REST v3 contract server (Tools/testing/jira_server.py).
@Suite struct JiraClientTests {
    static let email = "bot@example.com"
    static let token = "jira-api-t0ken"

    func client(_ server: ContractServer, token: String = token, project: String = "SEC",
                maxRetries: Int = 3) -> JiraClient {
        JiraClient(site: server.url, email: Self.email, apiToken: token, projectKey: project,
                   timeout: .seconds(60), maxRetries: maxRetries)
    }

    func issues(_ server: ContractServer) async throws -> [[String: Any]] {
        try await server.state("issues")["issues"] as? [[String: Any]] ?? []
    }

    @Test func aFailingFindingOpensOneIssueEvenWhileSearchLags() async throws {
        try await withContractServer("jira_server.py") { server in
            // Jira's search is eventually consistent: a new issue is not searchable for a while.
            try await server.control(["search_lag": 600])
            let jira = client(server)
            let first = try #require(try await TicketSync.run(finding: ticketFinding(), known: nil, labels: ["cloud sec"],
                                                              in: jira))
            let second = try #require(try await TicketSync.run(finding: ticketFinding(), known: nil, in: jira))
            #expect(second.id == first.id)
            // What saved us: the ids this client wrote go along as reconcileIssues. A client without that memory
            // (a restarted process) does not see the issue yet; callers keep the Ticket they got back.
            let correlationID = TicketPlanner.draft(for: ticketFinding()).correlationID
            #expect(try await client(server).find(correlationID: correlationID) == nil)
            #expect(first.number == "SEC-1" && first.state == "To Do" && !first.isClosed)
            #expect(first.url?.hasSuffix("/browse/SEC-1") == true)
            let all = try await issues(server)
            #expect(all.count == 1)
            let fields = try #require(all.first?["fields"] as? [String: Any])
            let labels = fields["labels"] as? [String] ?? []
            #expect(labels.contains("palisade") && labels.contains("cloud-sec"))
            #expect(labels.contains { $0.hasPrefix("palisade-") && $0.count == 25 })
            let description = try #require(fields["description"] as? [String: Any])
            #expect(description["type"] as? String == "doc" && description["version"] as? Int == 1)
            let searches = try await server.requests("issues").filter { ($0["path"] as? String)?.contains("search") == true }
            #expect(!searches.isEmpty && searches.allSatisfy { $0["path"] as? String == "/rest/api/3/search/jql" })
        }
    }

    @Test func aChangedFindingUpdatesSummaryAndDescription() async throws {
        try await withContractServer("jira_server.py") { server in
            let jira = client(server)
            let opened = try await TicketSync.run(finding: ticketFinding(), known: nil, in: jira)
            let changed = ticketFinding(reason: "the bucket ACL grants READ to AllUsers", lifecycle: .persisting)
            let updated = try #require(try await TicketSync.run(finding: changed, known: opened, in: jira))
            #expect(updated.id == opened?.id)
            #expect(try await TicketSync.run(finding: changed, known: updated, in: jira) == updated)
            let fields = try #require(try await issues(server).first?["fields"] as? [String: Any])
            let text = String(decoding: try JSONSerialization.data(withJSONObject: fields["description"] ?? [:]),
                              as: UTF8.self)
            #expect(text.contains("AllUsers"))
            #expect((fields["labels"] as? [String])?.contains("palisade") == true)
            let puts = try await server.requests("issues").filter { $0["method"] as? String == "PUT" }
            #expect(puts.count == 1 && puts.first?["status"] as? Int == 204)
        }
    }

    @Test func aPassingFindingTransitionsTheIssueToDoneWithAComment() async throws {
        try await withContractServer("jira_server.py") { server in
            let jira = client(server)
            let opened = try await TicketSync.run(finding: ticketFinding(), known: nil, in: jira)
            let passing = ticketFinding(status: .pass, reason: "no public statement", lifecycle: .resolved,
                                        scanID: "scan-2")
            let resolved = try #require(try await TicketSync.run(finding: passing, known: opened, in: jira))
            #expect(resolved.isClosed && resolved.state == "Done")
            let state = try await server.state("issues")
            let id = try #require(opened?.id)
            let comments = (state["comments"] as? [String: Any])?[id] as? [[String: Any]] ?? []
            #expect(comments.count == 1)
            let body = String(decoding: try JSONSerialization.data(withJSONObject: comments.first?["body"] ?? [:]),
                              as: UTF8.self)
            #expect(body.contains("passes on arn:aws:s3:::payroll-exports"))
        }
    }

    @Test func anIssueMovedToDoneByAPersonIsReadBackAsClosed() async throws {
        try await withContractServer("jira_server.py") { server in
            let jira = client(server)
            let opened = try #require(try await TicketSync.run(finding: ticketFinding(), known: nil, in: jira))
            try await server.send("POST", "/rest/api/3/issue/\(opened.number)/transitions",
                                  json: ["transition": ["id": "31"]], user: Self.email, password: Self.token)
            let after = try await jira.fetch(opened)
            #expect(after.state == "Done" && after.isClosed)
            #expect(TicketSync.closedRemotely(opened, after))
        }
    }

    @Test func aWrongTokenIsUnauthorizedAndNeverQuoted() async throws {
        try await withContractServer("jira_server.py") { server in
            let wrong = "Wr0ng-Jira-Token"
            let error = try #require(await ticketError { try await client(server, token: wrong).find(correlationID: "x") })
            #expect(error.kind == .unauthorized && error.status == 401 && !error.retryable)
            #expect(error.message.contains("e-mail and API token"))
            #expect(!error.description.contains(wrong))
        }
    }

    @Test func throttlingIsRetriedAfterRetryAfterAndThrottledWhenItLasts() async throws {
        try await withContractServer("jira_server.py") { server in
            try await server.control(["fail_next": [429, 429], "retry_after": 1])
            let jira = client(server)
            let ticket = try await jira.create(TicketPlanner.draft(for: ticketFinding()))
            #expect(ticket.number == "SEC-1")
            let posts = try await server.requests("issues").filter { $0["path"] as? String == "/rest/api/3/issue" }
            #expect(posts.map { $0["status"] as? Int } == [429, 429, 201])
            let times = posts.compactMap { $0["t"] as? Double }
            #expect(times.count == 3 && zip(times, times.dropFirst()).allSatisfy { $1 - $0 >= 0.95 })

            try await server.control(["fail_next": Array(repeating: 429, count: 10), "retry_after": 0])
            let error = try #require(await ticketError { try await client(server, maxRetries: 1).fetch(ticket) })
            #expect(error.kind == .throttled && error.retryable && error.retryAfter == .seconds(0))
        }
    }

    @Test func serverErrorsAreRetried() async throws {
        try await withContractServer("jira_server.py") { server in
            let jira = client(server)
            let ticket = try await jira.create(TicketPlanner.draft(for: ticketFinding()))
            try await server.control(["fail_next": [500, 502]])
            #expect(try await jira.fetch(ticket).id == ticket.id)
            try await server.control(["fail_next": [500]])
            _ = try await jira.create(TicketPlanner.draft(for: ticketFinding(resource: "arn:aws:s3:::other")))
            #expect(try await issues(server).count == 2)
        }
    }

    @Test func jiraErrorsAreSurfaced() async throws {
        try await withContractServer("jira_server.py") { server in
            let wrongProject = try #require(await ticketError {
                try await client(server, project: "NOPE").create(TicketPlanner.draft(for: ticketFinding()))
            })
            #expect(wrongProject.kind == .rejected && wrongProject.status == 400 && !wrongProject.retryable)
            #expect(wrongProject.message.contains("project: Specify a valid project ID or key"))
            let ghost = Ticket(system: "jira", id: "99999", number: "SEC-999", state: "To Do", isClosed: false)
            let missing = try #require(await ticketError { try await client(server).fetch(ghost) })
            #expect(missing.kind == .notFound && missing.message.contains("Issue does not exist"))
            try await server.control(["fail_next": [403]])
            let forbidden = try #require(await ticketError { try await client(server).find(correlationID: "x") })
            #expect(forbidden.kind == .forbidden && forbidden.message.contains("permission"))
            try await server.control(["malformed_next": 1])
            let malformed = try #require(await ticketError { try await client(server).find(correlationID: "x") })
            #expect(malformed.kind == .invalidResponse)
        }
    }
}
