import Foundation

/// Printing a client or its credentials (a log line, `dump`, string interpolation) shows who and where, never a
/// password, client secret or API token.
extension ServiceNowClient.Auth: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .basic(let user, _): "basic(user: \(user), password: <redacted>)"
        case .oauth(let clientID, _, let user, _):
            "oauth(clientID: \(clientID), clientSecret: <redacted>, user: \(user), password: <redacted>)"
        }
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["auth": description]) }
}

extension ServiceNowClient: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "ServiceNowClient(instance: \(instance.absoluteString), table: \(table), auth: \(auth))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension JiraClient: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "JiraClient(site: \(site.absoluteString), project: \(projectKey), issueType: \(issueType), apiToken: <redacted>)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
