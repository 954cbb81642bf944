import ExportCore
import Foundation
import PalisadeModel
import Testing

/// The ServiceNow client against the Table API contract server (Tools/testing/servicenow_server.py).
@Suite struct ServiceNowClientTests {
    static let user = "palisade"
    static let password = "s3cret-Passw0rd"

    func client(_ server: ContractServer, password: String = password, maxRetries: Int = 3) -> ServiceNowClient {
        ServiceNowClient(instance: server.url, auth: .basic(user: Self.user, password: password),
                         assignmentGroup: "cloud-security", timeout: .seconds(60), maxRetries: maxRetries)
    }

    func incidents(_ server: ContractServer) async throws -> [[String: Any]] {
        try await server.state("incidents")["incidents"] as? [[String: Any]] ?? []
    }

    @Test func aFailingFindingOpensOneIncidentEvenWhenSyncedTwice() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let sn = client(server)
            let first = try #require(try await TicketSync.run(finding: ticketFinding(), known: nil, in: sn))
            // Local state lost: the second run finds the incident by correlation id instead of opening another.
            let second = try #require(try await TicketSync.run(finding: ticketFinding(), known: nil, in: sn))
            #expect(second.id == first.id)
            let all = try await incidents(server)
            #expect(all.count == 1)
            let incident = try #require(all.first)
            #expect(first.number == "INC0010001" && first.state == "1" && !first.isClosed)
            #expect(first.id.count == 32)
            #expect(incident["correlation_id"] as? String
                    == "123456789012/aws.s3.bucket_public_read/arn:aws:s3:::payroll-exports")
            #expect(incident["correlation_display"] as? String == "Palisade")
            #expect(incident["urgency"] as? String == "1" && incident["impact"] as? String == "1")
            #expect(incident["assignment_group"] as? String == "cloud-security")
            #expect((incident["description"] as? String)?.contains("s3:GetObject") == true)
        }
    }

    @Test func aChangedReasonUpdatesTheIncidentAndAnUnchangedOneDoesNot() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let sn = client(server)
            let opened = try await TicketSync.run(finding: ticketFinding(), known: nil, in: sn)
            let changed = ticketFinding(reason: "the bucket ACL grants READ to AllUsers", severity: .critical,
                                        lifecycle: .persisting, scanID: "scan-2")
            let updated = try #require(try await TicketSync.run(finding: changed, known: opened, in: sn))
            #expect(updated.id == opened?.id)
            let again = try await TicketSync.run(finding: changed, known: updated, in: sn)
            #expect(again == updated)
            let incident = try #require(try await incidents(server).first)
            #expect((incident["description"] as? String)?.contains("AllUsers") == true)
            let patches = try await server.requests("incidents").filter { $0["method"] as? String == "PATCH" }
            #expect(patches.count == 1)
        }
    }

    @Test func aPassingFindingResolvesTheIncident() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let sn = client(server)
            let opened = try await TicketSync.run(finding: ticketFinding(), known: nil, in: sn)
            let passing = ticketFinding(status: .pass, reason: "no public statement", lifecycle: .resolved,
                                        scanID: "scan-2")
            let resolved = try #require(try await TicketSync.run(finding: passing, known: opened, in: sn))
            #expect(resolved.isClosed && resolved.state == "6")
            let incident = try #require(try await incidents(server).first)
            #expect(incident["state"] as? String == "6")
            #expect(incident["close_code"] as? String == "Solution provided")
            #expect((incident["close_notes"] as? String)?.contains("passes") == true)
            // Resolved already: nothing more to do.
            #expect(TicketPlanner.decide(finding: passing, known: resolved) == .none)
        }
    }

    @Test func anIncidentClosedByAPersonIsReadBackAndAFailureAfterwardsOpensANewOne() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let sn = client(server)
            let opened = try #require(try await TicketSync.run(finding: ticketFinding(), known: nil, in: sn))
            try await server.send("PATCH", "/api/now/table/incident/\(opened.id)",
                                  json: ["state": "7", "close_code": "Closed/Resolved by Caller",
                                         "close_notes": "accepted risk"], user: Self.user, password: Self.password)
            let after = try await sn.fetch(opened)
            #expect(after.state == "7" && after.isClosed)
            #expect(TicketSync.closedRemotely(opened, after))
            #expect(!TicketSync.closedRemotely(after, after))
            // Still failing later: reopening means a new incident; the closed one stays closed.
            let reopened = try #require(try await TicketSync.run(
                finding: ticketFinding(lifecycle: .persisting, scanID: "scan-3"), known: after, in: sn))
            #expect(reopened.id != opened.id && !reopened.isClosed)
            #expect(try await incidents(server).count == 2)
            // find returns the newest incident with that correlation id.
            #expect(try await sn.find(correlationID: TicketPlanner.draft(for: ticketFinding()).correlationID)?.id
                    == reopened.id)
        }
    }

    @Test func aWrongPasswordIsUnauthorizedNotRetryableAndNeverQuoted() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let wrong = "Wr0ng-Secret-Value"
            let error = try #require(await ticketError { try await client(server, password: wrong).find(correlationID: "x") })
            #expect(error.kind == .unauthorized && error.status == 401 && !error.retryable)
            #expect(error.message.contains("User Not Authenticated"))
            #expect(error.message.contains("user/password"))
            #expect(!error.message.contains(wrong) && !error.description.contains(wrong))
            #expect(try await server.requests("incidents").count == 1)
        }
    }

    @Test func throttledTwiceThenSucceedsAfterWaitingWhatRetryAfterSays() async throws {
        try await withContractServer("servicenow_server.py") { server in
            try await server.control(["fail_next": [429, 429], "retry_after": 1])
            let ticket = try await client(server).create(TicketPlanner.draft(for: ticketFinding()))
            #expect(ticket.number == "INC0010001")
            let posts = try await server.requests("incidents").filter { $0["method"] as? String == "POST" }
            #expect(posts.map { $0["status"] as? Int } == [429, 429, 201])
            let times = posts.compactMap { $0["t"] as? Double }
            #expect(times.count == 3 && zip(times, times.dropFirst()).allSatisfy { $1 - $0 >= 0.95 })
            #expect(try await incidents(server).count == 1)
        }
    }

    @Test func throttledForeverIsAThrottledErrorWithRetryAfter() async throws {
        try await withContractServer("servicenow_server.py") { server in
            try await server.control(["fail_next": Array(repeating: 429, count: 10), "retry_after": 0])
            let error = try #require(await ticketError { try await client(server, maxRetries: 2).find(correlationID: "x") })
            #expect(error.kind == .throttled && error.status == 429 && error.retryable)
            #expect(error.retryAfter == .seconds(0))
            #expect(error.message.contains("Rate limit exceeded"))
            #expect(try await server.requests("incidents").count == 3)
        }
    }

    @Test func serverErrorsAreRetriedAndACreateIsNeverDoubled() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let sn = client(server)
            let draft = TicketPlanner.draft(for: ticketFinding())
            try await server.control(["fail_next": [500]])
            let created = try await sn.create(draft)
            try await server.control(["fail_next": [500, 503]])
            let read = try await sn.fetch(created)
            #expect(read.id == created.id)
            #expect(try await incidents(server).count == 1)
            let statuses = try await server.requests("incidents").compactMap { $0["status"] as? Int }
            // POST 500, a find (GET 200) before trying again, POST 201, then GET 500, GET 503, GET 200.
            #expect(statuses == [500, 200, 201, 500, 503, 200])
            try await server.control(["fail_next": Array(repeating: 500, count: 10)])
            let error = try #require(await ticketError { try await client(server, maxRetries: 1).fetch(created) })
            #expect(error.kind == .server && error.retryable && error.status == 500)
        }
    }

    @Test func anAnswerWithoutTheResultEnvelopeIsAnInvalidResponse() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let sn = client(server)
            try await server.control(["malformed_next": 1])
            let error = try #require(await ticketError { try await sn.find(correlationID: "x") })
            #expect(error.kind == .invalidResponse && !error.retryable)
            try await server.control(["html_next": 1])
            let html = try #require(await ticketError { try await sn.find(correlationID: "x") })
            #expect(html.kind == .invalidResponse && html.message.contains("hibernating"))
        }
    }

    @Test func forbiddenAndNotFoundSurfaceServiceNowsMessage() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let sn = client(server)
            try await server.control(["fail_next": [403]])
            let forbidden = try #require(await ticketError { try await sn.create(TicketPlanner.draft(for: ticketFinding())) })
            #expect(forbidden.kind == .forbidden && forbidden.message.contains("ACL Exception")
                    && forbidden.message.contains("itil"))
            let ghost = Ticket(system: "servicenow", id: String(repeating: "0", count: 32), number: "INC0000000",
                               state: "1", isClosed: false)
            let missing = try #require(await ticketError { try await sn.fetch(ghost) })
            #expect(missing.kind == .notFound && missing.message.contains("No Record found"))
        }
    }

    @Test func oauthTokenIsObtainedOnceReusedAndRenewedOnceWhenRefused() async throws {
        try await withContractServer("servicenow_server.py") { server in
            let sn = ServiceNowClient(
                instance: server.url,
                auth: .oauth(clientID: "palisade-client", clientSecret: "client-s3cret", user: Self.user,
                             password: Self.password), timeout: .seconds(60))
            let opened = try #require(try await TicketSync.run(finding: ticketFinding(), known: nil, in: sn))
            _ = try await sn.fetch(opened)
            _ = try await sn.find(correlationID: "nothing")
            #expect(try await server.state("incidents")["token_requests"] as? Int == 1)
            #expect(await sn.tokensObtained() == 1)
            let calls = try await server.requests("incidents").filter { ($0["path"] as? String)?.hasPrefix("/api") == true }
            #expect(calls.count == 4 && calls.allSatisfy { $0["auth"] as? String == "bearer" })
            // The instance revokes the token: one 401, one new token, the call goes through.
            try await server.control(["expire_tokens": true])
            #expect(try await sn.fetch(opened).id == opened.id)
            #expect(try await server.state("incidents")["token_requests"] as? Int == 2)
            let bad = ServiceNowClient(instance: server.url,
                                       auth: .oauth(clientID: "palisade-client", clientSecret: "nope-Secret",
                                                    user: Self.user, password: Self.password))
            let error = try #require(await ticketError { try await bad.find(correlationID: "x") })
            #expect(error.kind == .unauthorized && !error.message.contains("nope-Secret")
                    && !error.message.contains(Self.password))
        }
    }
}
