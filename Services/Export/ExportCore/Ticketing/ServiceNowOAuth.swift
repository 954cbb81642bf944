import Foundation

/// The OAuth access token for one ServiceNow client: fetched once (concurrent callers share one request), reused
/// until shortly before it expires, then refreshed (refresh token first, then the password grant).
actor ServiceNowTokenStore {
    struct Token: Sendable {
        var access: String
        var refresh: String?
        var expires: ContinuousClock.Instant
    }

    typealias Fetch = @Sendable (_ refreshToken: String?) async -> Result<Token, TicketError>

    private var token: Token?
    private var pending: Task<Result<Token, TicketError>, Never>?
    /// How many tokens were obtained (for diagnostics and tests).
    private(set) var obtained = 0

    func accessToken(_ fetch: @escaping Fetch) async throws(TicketError) -> String {
        if let token, ContinuousClock.now < token.expires { return token.access }
        if pending == nil {
            let refresh = token?.refresh
            pending = Task { await fetch(refresh) }
        }
        let result = await pending!.value
        pending = nil
        let fresh = try result.get()
        if token?.access != fresh.access { obtained += 1 }
        token = fresh
        return fresh.access
    }

    /// The server refused this token (revoked, expired early): the next call fetches a new one.
    func invalidate(_ access: String) {
        if token?.access == access { token?.expires = .now }
    }

    /// When a token answer says it lasts `expiresIn` seconds: a minute early (a tenth early for short tokens).
    static func expiry(expiresIn: Int, now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant {
        let margin = min(60, max(1, expiresIn / 10))
        return now + .seconds(max(0, expiresIn - margin))
    }
}
