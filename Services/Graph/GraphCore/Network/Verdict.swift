import PalisadeModel

/// What one element of an exposure chain decided for the traffic asked about.
enum Verdict: Hashable, Sendable {
    /// The element lets the traffic through; the evidence is what does.
    case open([EdgeEvidence])
    /// It stops the traffic (the reason, for tests and logs).
    case closed(String)
    /// It cannot be decided (an element missing, unreadable or malformed); the evidence gathered so far is kept.
    case unknown(String, [EdgeEvidence])

    var evidence: [EdgeEvidence] {
        switch self {
        case .open(let e), .unknown(_, let e): e
        case .closed: []
        }
    }

    var unknownReason: String? { if case .unknown(let r, _) = self { return r }; return nil }
    var isClosed: Bool { if case .closed = self { return true }; return false }
}
