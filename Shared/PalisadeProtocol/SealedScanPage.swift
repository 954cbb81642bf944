import PalisadeModel

/// How a consumer that reacts only to `scan.sealed` walks one page of the assessor's event log:
/// events at or below the committed cursor are skipped (a redelivered page changes nothing); each sealed
/// scan is handed to `apply`, which commits its result with that event's seq; a payload that never
/// decodes is reported and passed over (it would otherwise block the log forever); finally the cursor
/// moves past the page's other events through `advance`. `types` widens what counts: scoring also recomputes on
/// `scan.rescored` (findings of a sealed scan changed afterwards, e.g. the graph's verdicts).
public enum SealedScanPage {
    public static func process(
        _ events: [EventRecord], after cursor: Int64, types: Set<String> = [EventType.scanSealed],
        undecodable: (EventRecord, any Error) -> Void,
        apply: (Int64, ScanSummary) async throws -> Void,
        advance: (Int64) throws -> Void
    ) async throws {
        var committed = cursor
        for event in events where event.seq > committed && types.contains(event.type) {
            let summary: ScanSummary
            do { summary = try event.decodePayload(ScanSummary.self) } catch {
                undecodable(event, error)
                continue
            }
            guard summary.state == .sealed else { continue }
            try await apply(event.seq, summary)
            committed = event.seq
        }
        if let last = events.last?.seq, last > committed { try advance(last) }
    }
}
