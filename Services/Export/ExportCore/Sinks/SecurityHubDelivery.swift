import Foundation
import GRDB
import PalisadeStore
import PalisadeExport
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol

/// AWS Security Hub: failing, unmuted findings imported as ASFF through the AWS connector's BatchImportFindings
/// (≤ 100 per call); a finding that resolves or is muted is re-imported ARCHIVED — only if it was imported before.
/// Ids are the finding ids, so a redelivered batch updates the same findings instead of adding new ones.
public struct SecurityHubDelivery: SinkDelivery {
    let sinkName: String
    let config: SinkConfig.SecurityHub
    let sender: any RequestSender
    let store: ExportStore
    let context: FormatContext

    public init(sinkName: String, config: SinkConfig.SecurityHub, sender: any RequestSender, store: ExportStore,
                context: FormatContext) {
        self.sinkName = sinkName
        self.config = config
        self.sender = sender
        self.store = store
        self.context = context
    }

    public func recover(_ state: SinkState) throws -> SinkState { state }

    public func deliver(_ records: [ExportRecord], batchID: String, state: SinkState, now: Date) async throws -> SinkState {
        let sent = try store.securityHubSent(sink: sinkName, ids: records.compactMap { $0.finding?.id })
        var latest: [String: Finding] = [:]
        for r in records { if let f = r.finding { latest[f.id] = f } }  // the newest version of each, in order
        var documents: [JSONValue] = []
        var imported: [String] = []
        for f in latest.values.sorted(by: { $0.id < $1.id }) {
            let active = f.status == .fail || (config.includePassing && f.status != .muted)
            guard active || sent.contains(f.id) else { continue }
            documents.append(ASFF.finding(f, context: context))
            imported.append(f.id)
        }
        guard !documents.isEmpty else { return state }
        for chunk in stride(from: 0, to: documents.count, by: 100) {
            let part = Array(documents[chunk..<min(chunk + 100, documents.count)])
            let result: SecurityHubImportResult
            do {
                result = try await sender.call(
                    SecurityHubImport(findings: part, region: config.region, profile: config.profile, endpoint: config.endpoint),
                    timeout: .seconds(120), retry: .none)
            } catch {
                throw DeliveryFailure("Security Hub import through the AWS connector failed: \(error)")
            }
            if !result.failed.isEmpty {
                let first = result.failed[0]
                throw DeliveryFailure("Security Hub refused \(result.failed.count) finding(s), e.g. \(first.id): \(first.code) \(first.message)",
                                      retryable: true)
            }
        }
        try store.markSecurityHubSent(sink: sinkName, ids: imported)
        return state
    }

    public func deadLetter(_ records: [ExportRecord], batchID: String, reason: String, now: Date) throws -> Bool { false }
    public func close() {}
}

extension ExportStore {
    func securityHubSent(sink: String, ids: [String]) throws -> Set<String> {
        try store.read { db in
            var out = Set<String>()
            for id in ids where try Row.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM securityhub_sent WHERE sink = ? AND finding_id = ?"),
                                                  arguments: [sink, id]) != nil {
                out.insert(id)
            }
            return out
        }
    }

    func markSecurityHubSent(sink: String, ids: [String]) throws {
        try store.write { db in
            for id in ids {
                try db.execute(sql: "INSERT OR IGNORE INTO securityhub_sent (sink, finding_id) VALUES (?, ?)",
                               arguments: [sink, id])
            }
        }
    }
}
