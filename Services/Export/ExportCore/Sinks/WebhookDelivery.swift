import Foundation
import PalisadeExport
import PalisadeModel

/// A webhook sink: JSON batches `{"sink", "batch", "records": [...]}` POSTed with an HMAC-SHA256 signature and a
/// stable `X-Palisade-Delivery` id per batch. Retries follow the sink runner's backoff (and the receiver's
/// Retry-After); after `maxAttempts`, or at once when the receiver refuses the batch for good (4xx), the batch goes
/// to the dead-letter file with the reason and the sink moves on.
public struct WebhookDelivery: SinkDelivery {
    let sinkName: String
    let config: SinkConfig.Webhook
    let context: FormatContext
    let deadLetterPath: String
    let environment: [String: String]

    public init(sinkName: String, config: SinkConfig.Webhook, context: FormatContext, dataDirectory: URL,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.sinkName = sinkName
        self.config = config
        self.context = context
        self.environment = environment
        deadLetterPath = config.deadLetter
            ?? dataDirectory.appendingPathComponent("export/\(sinkName).dead.jsonl").path
    }

    public func recover(_ state: SinkState) throws -> SinkState { state }

    public func deliver(_ records: [ExportRecord], batchID: String, state: SinkState, now: Date) async throws -> SinkState {
        guard let url = URL(string: config.url) else { throw DeliveryFailure("'\(config.url)' is not a URL", retryable: false) }
        let secret: String?
        do { secret = try config.secret?.resolve(environment: environment) } catch {
            throw DeliveryFailure("the webhook secret is unavailable: \(error)")
        }
        let body = Self.body(records, sink: sinkName, batchID: batchID, context: context, ocsf: config.ocsf)
        switch await WebhookClient(url: url, secret: secret).post(body, deliveryID: batchID, now: now) {
        case .delivered: return state
        case .retry(let status, let after, let reason):
            throw DeliveryFailure("\(status.map { "HTTP \($0)" } ?? "no answer") from \(url.host ?? config.url): \(reason)",
                                  retryable: true, retryAfter: after)
        case .rejected(let status, let reason):
            throw DeliveryFailure("HTTP \(status) from \(url.host ?? config.url): \(reason)", retryable: false)
        }
    }

    static func body(_ records: [ExportRecord], sink: String, batchID: String, context: FormatContext, ocsf: Bool) -> Data {
        JSONValue.object([
            "sink": .string(sink), "batch": .string(batchID),
            "records": .array(records.map { RecordJSON.object($0, context: context, ocsf: ocsf) }),
        ]).canonicalData()
    }

    /// Appends `{"batch", "reason", "at", "records"}` as one line and fsyncs.
    public func deadLetter(_ records: [ExportRecord], batchID: String, reason: String, now: Date) throws -> Bool {
        let url = URL(fileURLWithPath: deadLetterPath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let line = JSONValue.object([
            "sink": .string(sinkName), "batch": .string(batchID), "reason": .string(reason),
            "at": .string(ISO8601DateFormatter().string(from: now)),
            "records": .array(records.map { RecordJSON.object($0, context: context, ocsf: config.ocsf) }),
        ]).canonicalData() + Data("\n".utf8)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
        return true
    }

    public func close() {}
}
