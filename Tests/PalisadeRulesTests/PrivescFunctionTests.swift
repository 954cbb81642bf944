import PalisadeModel
import PalisadeRules
import Testing

/// `privesc_methods(doc[, account])`: the escalation methods one policy enables on its own.
@Suite struct PrivescFunctionTests {
    static let passAndRun: JSONValue = ["Version": "2012-10-17", "Statement": [
        ["Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"]]]
    static let readOnly: JSONValue = ["Version": "2012-10-17", "Statement": [
        ["Effect": "Allow", "Action": ["s3:GetObject", "ec2:Describe*"], "Resource": "*"]]]
    static let managedOnly: JSONValue = ["Version": "2012-10-17", "Statement": [
        ["Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "arn:aws:iam::aws:policy/*"]]]
    static let denied: JSONValue = ["Version": "2012-10-17", "Statement": [
        ["Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"],
        ["Effect": "Deny", "Action": "iam:*", "Resource": "*"]]]
    static let halves: [JSONValue] = [
        ["Version": "2012-10-17", "Statement": ["Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"]],
        ["Version": "2012-10-17", "Statement": ["Effect": "Allow", "Action": "glue:CreateDevEndpoint", "Resource": "*"]]]

    let r = bucket(["a": passAndRun, "b": readOnly, "m": managedOnly, "d": denied, "h": .array(halves),
                    "h1": halves[0], "bad": ["Statement": 5]])

    @Test func listsTheMethodIdsAPolicyEnables() throws {
        #expect(try eval("privesc_methods(a)", r) == .list(["iam:PassRole+ec2:RunInstances"]))
        #expect(try eval("privesc_methods(a, '111122223333')", r) == .list(["iam:PassRole+ec2:RunInstances"]))
        #expect(try eval("privesc_methods(b)", r) == .list([]))
        #expect(try eval("size(privesc_methods(b)) == 0", r) == .bool(true))
    }

    @Test func trapsGiveNothing() throws {
        #expect(try eval("privesc_methods(m, '111122223333')", r) == .list([]))
        #expect(try eval("privesc_methods(d)", r) == .list([]))
        #expect(try eval("privesc_methods(h1)", r) == .list([]))
        #expect(try eval("privesc_methods(null)", r) == .list([]))
    }

    @Test func documentsEvaluatedTogetherCombineTheirHalves() throws {
        #expect(try eval("privesc_methods(h)", r) == .list(["iam:PassRole+glue:CreateDevEndpoint"]))
    }

    @Test func badArgumentsAreTypeErrors() {
        #expect(throws: EvalError.self) { try eval("privesc_methods(bad)", r) }
        #expect(throws: EvalError.self) { try eval("privesc_methods('x')", r) }
        #expect(throws: EvalError.self) { try eval("privesc_methods(a, 5)", r) }
    }

    @Test func anUnknownDocumentIsUnknown() throws {
        let unreadable = bucket([:], unknown: ["document": "AccessDenied: iam:GetPolicyVersion"])
        let result = try outcome("size(privesc_methods(document)) == 0", unreadable)
        guard case .error(let why) = result else { Issue.record("expected error, got \(result)"); return }
        #expect(why.contains("AccessDenied"))
    }
}
