import PalisadeModel
import PalisadeRules
import Testing

@Suite struct NetworkFunctionTests {
    @Test(arguments: [
        ("0.0.0.0/0", true), ("::/0", true), ("8.8.8.8/32", true), ("10.0.0.0/8", false), ("10.0.0.0/7", true),
        ("172.16.0.0/12", false), ("192.168.1.0/24", false), ("127.0.0.1", false), ("100.64.0.0/10", false),
        ("169.254.0.0/16", false), ("224.0.0.0/4", false), ("0.0.0.0/8", false), ("11.0.0.0/8", true),
        ("2001:db8::/32", false), ("fd00::/8", false), ("fe80::/10", false), ("2600:1f18::/32", true),
        ("::1/128", false), ("::ffff:8.8.8.8/128", true), ("::ffff:10.0.0.0/104", false), ("2000::/3", true),
    ])
    func cidrIsPublic(_ cidr: String, _ expected: Bool) throws {
        #expect(try eval("cidr_is_public('\(cidr)')") == .bool(expected))
    }

    @Test func cidrContains() throws {
        #expect(try eval("cidr_contains('10.0.0.0/8', '10.1.2.3')") == .bool(true))
        #expect(try eval("cidr_contains('10.0.0.0/8', '11.1.2.3')") == .bool(false))
        #expect(try eval("cidr_contains('10.0.0.0/8', '10.1.0.0/16')") == .bool(true))
        #expect(try eval("cidr_contains('10.1.0.0/16', '10.0.0.0/8')") == .bool(false))
        #expect(try eval("cidr_contains('2600::/16', '2600:1::1')") == .bool(true))
        #expect(try eval("cidr_contains('0.0.0.0/0', '::1')") == .bool(false))
        #expect(throws: EvalError.self) { try eval("cidr_contains('10.0.0.0/33', '10.0.0.1')") }
        #expect(throws: EvalError.self) { try eval("cidr_is_public('300.1.1.1')") }
        #expect(throws: EvalError.self) { try eval("cidr_is_public(5)") }
    }

    @Test func portInRange() throws {
        #expect(try eval("port_in_range(22, 22, 22)") == .bool(true))
        #expect(try eval("port_in_range(22, 0, 1024)") == .bool(true))
        #expect(try eval("port_in_range(22, 80, 443)") == .bool(false))
        #expect(try eval("port_in_range(22, null, null)") == .bool(true))
        #expect(try eval("port_in_range(3389, null, 10)") == .bool(true))
        #expect(throws: EvalError.self) { try eval("port_in_range('22', 1, 2)") }
    }

    @Test func portInRangeTakesAListOfPorts() throws {
        #expect(try eval("port_in_range([22, 3389], 3000, 4000)") == .bool(true))
        #expect(try eval("port_in_range([22, 3389], 80, 443)") == .bool(false))
        #expect(try eval("port_in_range([22], null, null)") == .bool(true))
        #expect(try eval("port_in_range([], null, null)") == .bool(false))
        #expect(throws: EvalError.self) { try eval("port_in_range([22, '80'], 1, 100)") }
    }

    /// Results are remembered per string (CIDR parsing and regex matching are slow per call); more distinct strings
    /// than the memo holds must still each get their own answer.
    @Test func rememberedResultsStayRightPastTheMemoLimit() throws {
        let e = try CheckExpression("cidr_is_public(cidr) && matches(cidr, '/3[0-2]$')")
        for i in 0..<5000 {
            let octet = i % 256
            let prefix = 24 + i % 9
            let cidr = (i % 2 == 0 ? "10.0.\(octet).0" : "8.8.\(octet).0") + "/\(prefix)"
            let expected = i % 2 == 1 && prefix >= 30
            #expect(e.evaluate(bucket(["cidr": .string(cidr)]), now: testNow) == (expected ? .pass : .fail), "\(cidr)")
        }
    }
}

@Suite struct IAMFunctionTests {
    let admin: JSONValue = ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "*", "Resource": "*"]]]
    let readS3: JSONValue = ["Statement": [["Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"]]]
    let publicDoc: JSONValue = ["Statement": [["Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                               "Resource": "arn:aws:s3:::b/*"]]]

    @Test func grantsAdmin() throws {
        let r = bucket(["a": admin, "b": readS3, "docs": [readS3, admin]])
        #expect(try eval("grants_admin(a)", r) == .bool(true))
        #expect(try eval("grants_admin(b)", r) == .bool(false))
        #expect(try eval("grants_admin(docs)", r) == .bool(true))
        #expect(try eval("grants_admin(null)", r) == .bool(false))
        #expect(throws: EvalError.self) { try eval("grants_admin('x')", r) }
    }

    @Test func policyAllows() throws {
        let r = bucket(["b": readS3])
        #expect(try eval("policy_allows(b, 's3:GetObject', 'arn:aws:s3:::b/key')", r) == .bool(true))
        #expect(try eval("policy_allows(b, 's3:PutObject', 'arn:aws:s3:::b/key')", r) == .bool(false))
        #expect(try eval("policy_allows(null, 's3:GetObject', '*')", r) == .bool(false))
    }

    @Test func policyAllowsWithRequestContext() throws {
        // Allowed only from the corporate range; a Deny without TLS.
        let doc: JSONValue = ["Statement": [
            ["Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
             "Condition": ["IpAddress": ["aws:SourceIp": "10.0.0.0/8"]]],
            ["Effect": "Deny", "Action": "s3:*", "Resource": "*",
             "Condition": ["Bool": ["aws:SecureTransport": "false"]]]]]
        let r = bucket(["d": doc])
        #expect(try eval("policy_allows(d, 's3:GetObject', 'x', {'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'true'})", r) == .bool(true))
        #expect(try eval("policy_allows(d, 's3:GetObject', 'x', {'aws:SourceIp': '8.8.8.8', 'aws:SecureTransport': true})", r) == .bool(false))
        #expect(try eval("policy_allows(d, 's3:GetObject', 'x', {'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': false})", r) == .bool(false))
        // Unknown keys count as allowing (over-approximation), so without context the Allow stands.
        #expect(try eval("policy_allows(d, 's3:GetObject', 'x')", r) == .bool(true))
        #expect(throws: EvalError.self) { try eval("policy_allows(d, 's3:GetObject', 'x', 'tls')", r) }
    }

    @Test func isPublicPrincipal() throws {
        let r = bucket([:])
        #expect(try eval("is_public_principal('*')", r) == .bool(true))
        #expect(try eval("is_public_principal({'AWS': '*'})", r) == .bool(true))
        #expect(try eval("is_public_principal({'AWS': ['arn:aws:iam::111122223333:root', '*']})", r) == .bool(true))
        #expect(try eval("is_public_principal({'AWS': 'arn:aws:iam::111122223333:root'})", r) == .bool(false))
        #expect(try eval("is_public_principal({'Service': 'ec2.amazonaws.com'})", r) == .bool(false))
        #expect(try eval("is_public_principal(null)", r) == .bool(false))
    }

    @Test func objectLiterals() throws {
        let r = bucket([:])
        #expect(try eval("{'a': 1, 'b': [true]}", r) == .object(["a": 1, "b": [true]]))
        #expect(try eval("{}", r) == .object([:]))
        #expect(throws: RuleError.self) { try eval("{a: 1}", r) }
    }

    @Test func isPublicPolicy() throws {
        let r = bucket(["p": publicDoc, "q": readS3], unknown: ["policy": "AccessDenied"])
        #expect(try eval("is_public_policy(p)", r) == .bool(true))
        #expect(try eval("is_public_policy(q)", r) == .bool(false))
        #expect(try eval("is_public_policy(policy)", r).isUnknownValue)
        // Conditions on who may call make an everyone-principal policy not public; TLS-only does not.
        let org: JSONValue = ["Statement": [["Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                                             "Condition": ["StringEquals": ["aws:PrincipalOrgID": "o-abc123"]]]]]
        let vpce: JSONValue = ["Statement": [["Effect": "Allow", "Principal": ["AWS": "*"], "Action": "s3:GetObject", "Resource": "*",
                                              "Condition": ["StringEquals": ["aws:SourceVpce": "vpce-1"]]]]]
        let tls: JSONValue = ["Statement": [["Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                                             "Condition": ["Bool": ["aws:SecureTransport": "true"]]]]]
        let anyIP: JSONValue = ["Statement": [["Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                                               "Condition": ["IpAddress": ["aws:SourceIp": "0.0.0.0/0"]]]]]
        let c = bucket(["org": org, "vpce": vpce, "tls": tls, "anyIP": anyIP])
        #expect(try eval("is_public_policy(org)", c) == .bool(false))
        #expect(try eval("is_public_policy(vpce)", c) == .bool(false))
        #expect(try eval("is_public_policy(tls)", c) == .bool(true))
        #expect(try eval("is_public_policy(anyIP)", c) == .bool(true))
    }
}
