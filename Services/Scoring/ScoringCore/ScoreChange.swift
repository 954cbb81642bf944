import PalisadeModel
import PalisadeProtocol

/// When a committed score is worth a `score.changed` event: the account had no score before, or its percentage or a
/// control's current points moved by at least `threshold`. A rescore that lands on the same numbers says nothing.
public enum ScoreChange {
    public static let threshold = 0.01

    public static func event(previous: SecureScore?, new: SecureScore, account: String) -> ScoreChanged? {
        let old = Dictionary((previous?.controls ?? []).map { ($0.controlID, $0.current) }, uniquingKeysWith: { a, _ in a })
        let controls = new.controls.compactMap { c -> ScoreChanged.Control? in
            let before = old[c.controlID] ?? 0
            return abs(c.current - before) >= threshold ? .init(controlID: c.controlID, old: before, new: c.current) : nil
        }
        if let previous, controls.isEmpty, abs(previous.percentage - new.percentage) < threshold { return nil }
        return ScoreChanged(account: account, scanID: new.scanID, previousScanID: previous?.scanID,
                            previousPercentage: previous?.percentage, percentage: new.percentage, controls: controls)
    }
}
