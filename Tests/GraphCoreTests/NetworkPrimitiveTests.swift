@testable import GraphCore
import Testing

/// CIDR parsing and containment, port labels.
@Suite struct NetworkPrimitiveTests {
    @Test func cidrsParseStrictlyAndContain() throws {
        #expect(CIDR("0.0.0.0/0")?.isAll == true)
        #expect(CIDR("::/0")?.isAll == true)
        #expect(CIDR("0.0.0.0/33") == nil)
        #expect(CIDR("10.0.0.256/8") == nil)
        #expect(CIDR("10.0.0.0") == nil)
        #expect(CIDR("2001:db8::/129") == nil)
        #expect(CIDR("2001:db8:::1/64") == nil)
        let net = try #require(CIDR("10.0.0.0/16"))
        #expect(net.contains(try #require(CIDR(address: "10.0.200.7"))))
        #expect(!net.contains(try #require(CIDR(address: "10.1.0.1"))))
        #expect(try #require(CIDR("2001:db8::/32")).contains(try #require(CIDR(address: "2001:db8:ffff::1"))))
        #expect(!(try #require(CIDR("2001:db8::/32")).contains(try #require(CIDR("10.0.0.0/8")))))
    }

    @Test func portLabelsMergeAndCollapseToAll() {
        let tcp = { (a: Int, b: Int) in Flow(proto: .tcp, ports: PortRange(from: a, to: b)) }
        #expect(PortLabels.labels([tcp(22, 22), tcp(80, 442), tcp(443, 443)]) == ["tcp/22", "tcp/80-443"])
        #expect(PortLabels.labels(Flow.everything(.ipv4)) == ["all"])
        #expect(PortLabels.labels([tcp(0, 65535), Flow(proto: .udp, ports: .all)]) == ["tcp/0-65535", "udp/0-65535"])
    }
}
