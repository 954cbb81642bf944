/// A version string a scheme refuses to order. Matching treats it as unknown, never as "not affected".
public struct InvalidVersion: Error, Hashable, Sendable, CustomStringConvertible {
    public let scheme: VersionScheme
    public let version: String
    /// Why the scheme refuses it, in words ("epoch in version is not number").
    public let reason: String

    public init(scheme: VersionScheme, version: String, reason: String) {
        self.scheme = scheme
        self.version = version
        self.reason = reason
    }

    public var description: String { "invalid \(scheme.rawValue) version '\(version)': \(reason)" }
}
