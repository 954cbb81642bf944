import GraphCore
import PalisadeModel
import Testing

/// Security-group rules whose source is a managed prefix list: the list's entries decide the exposure, and a
/// list the inventory does not hold leaves the exposure unknown (shown, not walked), never "not exposed".
@Suite struct NetworkPrefixListTests {
    let web = Net.arn("instance", "i-web")

    static func prefixList(_ id: String, name: String, entries: [String]?, awsManaged: Bool = false,
                           unknown: [String: String] = [:]) -> Resource {
        var p: [String: JSONValue] = ["prefixListId": .string(id), "prefixListName": .string(name),
                                      "addressFamily": "IPv4", "awsManaged": .bool(awsManaged)]
        if let entries { p["entries"] = .array(entries.map { ["cidr": .string($0), "description": .null] }) }
        return Net.resource("aws.ec2.managed_prefix_list", id, Net.arn("prefix-list", id), name: name, p, unknown: unknown)
    }

    static func listRule(_ lists: [String], ports: ClosedRange<Int> = 22...22) -> JSONValue {
        guard case .object(var r) = Net.rule("tcp", ports, v4: []) else { return .null }
        r["prefixListIds"] = JSONValue.array(lists.map(JSONValue.string))
        return .object(r)
    }

    @Test func aListHoldingTheWholeInternetExposesAndNamesTheList() throws {
        let g = Net.graph(Net.estate(Net.securityGroup(ingress: [Self.listRule(["pl-any"])]),
                                     Self.prefixList("pl-any", name: "partners", entries: ["198.51.100.0/24", "0.0.0.0/0"])))
        let e = try #require(g.exposure(web))
        #expect(e.ports == ["tcp/22"])
        #expect(e.unknown == nil)
        let sg = try #require(e.details.first { $0.kind == "sg_rule" })
        #expect(sg.detail == "sg-ssh (sg-ssh) allows tcp/22 from 0.0.0.0/0 (entry of prefix list pl-any partners)")
        #expect(sg.fix == "sg-rule:sg-ssh:in:tcp:22-22:pl-any")
        #expect(sg.checks.isEmpty, "the SG checks read the rule's own CIDRs; they do not fail on a list's entry")
        #expect(g.problems.isEmpty)
    }

    @Test func aListOfNarrowRangesDoesNotExpose() {
        let narrow = Net.graph(Net.estate(Net.securityGroup(ingress: [Self.listRule(["pl-office"])]),
                                          Self.prefixList("pl-office", name: "office", entries: ["203.0.113.0/24"])))
        #expect(narrow.exposure(web) == nil)
        #expect(narrow.problems.isEmpty)
        let aws = Net.graph(Net.estate(Net.securityGroup(ingress: [Self.listRule(["pl-s3"])]),
                                       Self.prefixList("pl-s3", name: "com.amazonaws.eu-west-1.s3", entries: nil,
                                                       awsManaged: true)))
        #expect(aws.exposure(web) == nil, "an AWS service's ranges are not the internet")
    }

    @Test func aListNotCollectedOrUnreadableLeavesTheExposureUnknown() throws {
        let missing = Net.graph(Net.estate(Net.securityGroup(ingress: [Self.listRule(["pl-gone"])])))
        let e = try #require(missing.exposure(web), "unknown is shown, not dropped")
        #expect(e.unknown?.contains("prefix list pl-gone not in the inventory") == true)
        #expect(missing.problems.contains { $0.reason == "prefix list pl-gone not in the inventory" })
        let unread = Net.graph(Net.estate(Net.securityGroup(ingress: [Self.listRule(["pl-x"])]),
                                          Self.prefixList("pl-x", name: "x", entries: nil,
                                                          unknown: ["entries": "AccessDenied: ec2:GetManagedPrefixListEntries"])))
        #expect(try #require(unread.exposure(web)).unknown?.contains("AccessDenied: ec2:GetManagedPrefixListEntries") == true)
        let bad = Net.graph(Net.estate(Net.securityGroup(ingress: [Self.listRule(["pl-bad"])]),
                                       Self.prefixList("pl-bad", name: "bad", entries: ["not-a-cidr"])))
        #expect(try #require(bad.exposure(web)).unknown?.contains("entry 'not-a-cidr' is not a CIDR") == true)
    }
}
