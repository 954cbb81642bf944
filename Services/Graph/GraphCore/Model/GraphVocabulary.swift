import PalisadeModel

/// Node kinds, edge kinds and insight kinds of the security graph (docs/graph.md).
public enum GraphVocabulary {
    // MARK: synthetic nodes
    public static let internetID = "internet"
    public static let internetKind = "internet"
    public static let accountKind = "aws.account"
    public static let anyPrincipalID = "principal:*"
    public static let anyPrincipalKind = "aws.any_principal"
    public static let servicePrincipalKind = "aws.service_principal"
    public static let externalAccountKind = "aws.external_account"

    public static func accountNodeID(_ account: String) -> String { "arn:aws:iam::\(account):root" }
    public static func servicePrincipalID(_ service: String) -> String { "service:\(service)" }
    public static func externalAccountID(_ account: String) -> String { "arn:aws:iam::\(account):root" }

    // MARK: edges — network
    /// internet → internet gateway (structural).
    public static let routesTo = "routes_to"
    /// vpc → subnet, subnet → network interface (structural).
    public static let contains = "contains"
    /// network interface → instance / database / load balancer (structural).
    public static let attachedTo = "attached_to"
    /// security group → network interface / resource it guards (structural).
    public static let protects = "protects"
    /// internet → resource: reachable from the internet on `ports`, evidence = the whole chain
    /// (gateway, route, NACL rules both ways, security-group rule, interface).
    public static let exposes = "exposes"
    /// resource → resource in the same VPC: the destination's security groups admit the source (lateral movement).
    public static let canReach = "can_reach"
    /// load balancer → target: a listener forwards to a target group that holds the target.
    public static let forwardsTo = "forwards_to"

    // MARK: edges — identity
    /// compute → role: instance profile, Lambda execution role, ECS task role, EKS node role.
    public static let hasRole = "has_role"
    /// principal → role: the trust policy admits the principal and (same account, root trust) its identity policy allows sts:AssumeRole.
    public static let canAssume = "can_assume"
    /// principal → role: iam:PassRole on the role.
    public static let canPass = "can_pass"
    /// user → group.
    public static let memberOf = "member_of"
    /// resource holding an access key id (user data, launch template, Lambda/ECS environment) → the IAM user whose active key it is.
    public static let canAuthenticateAs = "can_authenticate_as"

    // MARK: edges — permission (principal → resource)
    public static let canRead = "can_read"
    public static let canWrite = "can_write"
    public static let canDecrypt = "can_decrypt"
    public static let canGetSecret = "can_get_secret"
    /// principal → account: administrator of the account.
    public static let administers = "administers"

    // MARK: edges — escalation
    /// principal → principal or account it can become or grant itself, via `method`.
    public static let canEscalate = "can_escalate"

    /// Edges an attacker moves along.
    public static let movement: Set<String> = [exposes, canReach, forwardsTo, hasRole, canAssume,
                                               canAuthenticateAs, canEscalate]
    /// Edges that reach data, secrets, keys or the account.
    public static let access: Set<String> = [canRead, canWrite, canDecrypt, canGetSecret, administers]

    // MARK: insights
    public static let internetExposed = "internet_exposed"
    public static let publicAccess = "public_access"
    public static let sensitiveData = "sensitive_data"
    public static let holdsSecrets = "holds_secrets"
    /// A KMS key that encrypts a sensitive data store or a secret.
    public static let protectsSensitiveData = "protects_sensitive_data"
    public static let admin = "admin"
    public static let mfaMissing = "mfa_missing"
    public static let highSeverityFindings = "high_severity_findings"
    public static let leakedCredentials = "leaked_credentials"
}
