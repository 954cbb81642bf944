import Foundation

extension ServiceNowClient {
    private struct TokenAnswer: Decodable {
        var access_token: String
        var refresh_token: String?
        var expires_in: Int?
    }

    /// `POST /oauth_token.do`, form-encoded: the refresh grant when we hold a refresh token, else (or when that is
    /// refused) the password grant.
    func obtainToken(refreshToken: String?) async -> Result<ServiceNowTokenStore.Token, TicketError> {
        guard case .oauth(let clientID, let clientSecret, let user, let password) = auth else {
            return .failure(TicketError(.rejected, message: "not configured for OAuth"))
        }
        if let refreshToken {
            let refreshed = await requestToken([("grant_type", "refresh_token"), ("client_id", clientID),
                                                ("client_secret", clientSecret), ("refresh_token", refreshToken)])
            if case .success = refreshed { return refreshed }
        }
        return await requestToken([("grant_type", "password"), ("client_id", clientID),
                                   ("client_secret", clientSecret), ("username", user), ("password", password)])
    }

    private func requestToken(_ form: [(String, String)]) async -> Result<ServiceNowTokenStore.Token, TicketError> {
        var text = instance.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        let url = URL(string: text + "/oauth_token.do")!
        let response: TicketResponse
        do {
            response = try await http.send("POST", url, json: ServiceNowWire.formBody(form),
                                           contentType: "application/x-www-form-urlencoded", idempotent: true,
                                           authorization: { nil })
        } catch { return .failure(error) }
        guard response.isSuccess else {
            let kind: TicketError.Kind = [400, 401].contains(response.status)
                ? .unauthorized : TicketError.Kind.forStatus(response.status)
            return .failure(TicketError(kind, status: response.status, retryAfter: response.retryAfter,
                                        message: "\(http.peer) refused the OAuth token request (HTTP "
                                            + "\(response.status)); check the OAuth client ID/secret and the "
                                            + "user/password"))
        }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body) else {
            return .failure(TicketError(.invalidResponse, status: response.status,
                                        message: "\(http.peer) answered the OAuth token request without an access_token"))
        }
        return .success(.init(access: answer.access_token, refresh: answer.refresh_token,
                              expires: ServiceNowTokenStore.expiry(expiresIn: answer.expires_in ?? 1800)))
    }
}
