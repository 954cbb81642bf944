/// One method that applies to one target: the actions that enabled it and the statements that grant them.
public struct EscalationFinding: Sendable, Hashable {
    /// One action granted on one resource by one statement.
    public struct Grant: Sendable, Hashable {
        public var action: String
        public var resource: String
        public var statement: StatementRef
    }

    public var method: EscalationMethod
    /// The actions of the alternative that applies, `iam:PassRole` first when needed.
    public var permissions: [String]
    /// Some decision was conditional (conditions the configuration cannot decide).
    public var conditional: Bool
    public var conditions: [String]
    /// Every granting statement, per action (several policies when the permissions are split).
    public var grants: [Grant]
}
