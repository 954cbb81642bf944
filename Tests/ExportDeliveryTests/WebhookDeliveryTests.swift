import ExportCore
import Foundation
import PalisadeTestKit
import Testing

/// WebhookClient against a real HTTP receiver that checks the HMAC signature in Python.
@Suite("Webhook delivery")
struct WebhookDeliveryTests {
    static let secret = "wh-secret-7f3a9c"

    func receiver() async throws -> (ScriptServer, URL, String) {
        let server = try await ScriptServer.start(script: "webhook_receiver.py", arguments: ["--secret", Self.secret])
        return (server, URL(string: "http://127.0.0.1:\(server.port)")!,
                server.directory.appendingPathComponent("requests.jsonl").path)
    }

    func header(_ record: [String: Any], _ name: String) -> String? {
        (record["headers"] as? [String: String])?.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    @Test("2xx is delivered; the receiver verifies the signature and sees the delivery id, timestamp and headers")
    func delivered() async throws {
        let (server, base, log) = try await receiver()
        defer { server.stop() }
        let client = WebhookClient(url: base.appendingPathComponent("ok"), secret: Self.secret,
                                   headers: ["X-Tenant": "acme"])
        let body = Data(#"{"findings":[{"id":"f-1","title":"Zürich bucket"}]}"#.utf8)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(await client.post(body, deliveryID: "batch-42", now: now) == .delivered(status: 200))
        let record = try await eventually("the request record") { jsonLines(log).first }
        #expect(record["valid"] as? Bool == true)
        #expect(record["body"] as? String == String(decoding: body, as: UTF8.self))
        #expect(header(record, "X-Palisade-Delivery") == "batch-42")
        #expect(header(record, "X-Palisade-Timestamp") == "1796000000")
        #expect(header(record, "Content-Type") == "application/json")
        #expect(header(record, "X-Tenant") == "acme")
    }

    @Test("a wrong secret does not verify; no secret sends no signature")
    func signatureMismatch() async throws {
        let (server, base, log) = try await receiver()
        defer { server.stop() }
        let url = base.appendingPathComponent("ok")
        _ = await WebhookClient(url: url, secret: "not-the-secret").post(Data("{}".utf8), deliveryID: "a", now: Date())
        _ = await WebhookClient(url: url, secret: nil).post(Data("{}".utf8), deliveryID: "b", now: Date())
        let records = try await eventually("two records") { jsonLines(log).count == 2 ? jsonLines(log) : nil }
        #expect(records.map { $0["valid"] as? Bool } == [false, false])
        #expect(header(records[0], "X-Palisade-Signature")?.hasPrefix("sha256=") == true)
        #expect(header(records[1], "X-Palisade-Signature") == nil)
    }

    @Test("500 retries, 429 retries after Retry-After, 410 is rejected; the reason names the receiver, not the path")
    func statuses() async throws {
        let (server, base, _) = try await receiver()
        defer { server.stop() }
        func post(_ path: String) async -> WebhookOutcome {
            await WebhookClient(url: URL(string: base.absoluteString + path)!, secret: Self.secret)
                .post(Data("{}".utf8), deliveryID: "d", now: Date())
        }
        guard case .retry(500, nil, let reason) = await post("/status/500?token=sekrit") else {
            Issue.record("500 was not retry"); return
        }
        #expect(reason.contains("127.0.0.1:\(server.port)") && reason.contains("500"))
        #expect(!reason.contains("sekrit"))
        guard case .retry(429, let after, _) = await post("/status/429?after=2") else {
            Issue.record("429 was not retry"); return
        }
        #expect(after == .seconds(2))
        guard case .rejected(410, let gone) = await post("/status/410") else {
            Issue.record("410 was not rejected"); return
        }
        #expect(gone.contains("410"))
        guard case .rejected(400, _) = await post("/status/400") else { Issue.record("400 was not rejected"); return }
        guard case .retry(503, _, _) = await post("/status/503") else { Issue.record("503 was not retry"); return }
    }

    @Test("a flaky receiver gets the same delivery id on every retry until it accepts")
    func sameDeliveryID() async throws {
        let (server, base, log) = try await receiver()
        defer { server.stop() }
        let client = WebhookClient(url: base.appendingPathComponent("flaky/2/k1"), secret: Self.secret)
        var outcomes: [WebhookOutcome] = []
        for _ in 0..<3 { outcomes.append(await client.post(Data("[]".utf8), deliveryID: "batch-7", now: Date())) }
        #expect(outcomes.last == .delivered(status: 200))
        let records = try await eventually("three records") { jsonLines(log).count == 3 ? jsonLines(log) : nil }
        #expect(records.map { header($0, "X-Palisade-Delivery") } == ["batch-7", "batch-7", "batch-7"])
        #expect(records.allSatisfy { $0["valid"] as? Bool == true })
    }

    @Test("connection refused is a retry without a status")
    func refused() async throws {
        let port = try ScriptServer.freePort()
        let outcome = await WebhookClient(url: URL(string: "http://127.0.0.1:\(port)/hook")!, secret: nil,
                                          timeout: .seconds(10))
            .post(Data("{}".utf8), deliveryID: "x", now: Date())
        guard case .retry(nil, nil, let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("127.0.0.1:\(port)"))
    }

    @Test("the signature is sha256= hex HMAC-SHA256 over \"<timestamp>.<body>\" (Python hmac vector)")
    func signatureVector() {
        #expect(WebhookClient.signature(secret: "key", timestamp: 1_700_000_000, body: Data(#"{"a":1}"#.utf8))
                == "sha256=a438e398bfafc57e4396bb7fc2304422f0f768e965d073ca313cb52e22e6ad03")
    }
}
