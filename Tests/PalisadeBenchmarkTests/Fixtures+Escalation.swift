import PalisadeModel

/// Policies for the privilege-escalation check (aws-iam-policy-allows-privilege-escalation).
extension Fixtures {
    /// iam:PassRole on every role plus ec2:RunInstances: launch an instance with any role.
    static let passRoleRunInstances: JSONValue = doc([
        ["Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"]])

    static let escalationCases: [String: Case] = [
        "aws-iam-policy-allows-privilege-escalation": Case(
            failing: with(policy, ["document": passRoleRunInstances]), hardened: policy,
            unknown: with(policy, unknown: ["document"])),
    ]
}
