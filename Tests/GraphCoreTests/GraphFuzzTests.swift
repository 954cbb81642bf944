import Foundation
import GraphCore
import PalisadeModel
import Testing

/// Bad input never crashes the graph: realistic inventories with their properties corrupted at random (wrong
/// types, missing keys, nulls, empty and huge values, malformed policies and CIDRs) still build a graph, find
/// paths, choke points and a fix plan. A trap here would end the test process: the test fails by crashing.
@Suite struct GraphFuzzTests {
    static let junk: [JSONValue] = [
        .null, .bool(true), .number(-1), .number(1e12), .string(""), .string("*"), .string("0.0.0.0/0"),
        .string("not-a-cidr/99"), .string("arn:aws:iam::123456789012:role/app-role"), .array([]), .array([.null]),
        .object([:]), .object(["Statement": .string("nope")]), .object(["Version": "2012-10-17", "Statement": [[
            "Effect": "Allow", "Action": .array([.number(3)]), "Resource": .object([:])]]]),
        .array([.object(["ipProtocol": .number(6), "fromPort": .string("x"), "toPort": .number(70000)])]),
        .array([.object(["ruleNumber": .string("100"), "egress": .string("no"), "cidrBlock": .number(1)])]),
    ]

    struct Rng {
        var state: UInt64
        mutating func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        mutating func pick<T>(_ a: [T]) -> T { a[abs(next()) % a.count] }
    }

    func corrupt(_ value: JSONValue, _ rng: inout Rng, depth: Int = 0) -> JSONValue {
        switch value {
        case .object(let o):
            var out = o
            for key in o.keys.sorted() {
                switch abs(rng.next()) % 6 {
                case 0: out[key] = rng.pick(Self.junk)
                case 1: out.removeValue(forKey: key)
                case 2 where depth < 4: out[key] = corrupt(o[key]!, &rng, depth: depth + 1)
                default: break
                }
            }
            return .object(out)
        case .array(let a):
            return .array(a.map { abs(rng.next()) % 3 == 0 ? rng.pick(Self.junk) : corrupt($0, &rng, depth: depth + 1) })
        default:
            return abs(rng.next()) % 4 == 0 ? rng.pick(Self.junk) : value
        }
    }

    @Test func corruptedInventoriesNeverCrashTheGraph() {
        let base = Estate.resources() + Estate.publicNetwork()
            + Net.estate(Net.instance("i-app", name: "app-1", publicIp: nil))
        var rng = Rng(state: 42)
        var problemsSeen = 0
        for _ in 0..<300 {
            let inventory = base.map { r -> Resource in
                var m = r
                if abs(rng.next()) % 2 == 0 { m.properties = corrupt(r.properties, &rng) }
                return m
            }
            let graph = GraphBuilder.build(account: Estate.account, resources: inventory)
            problemsSeen += graph.problems.count
            let finder = AttackPathFinder(graph: graph)
            let result = finder.find()
            _ = ChokePoints.rank(result, finder: finder)
            _ = FixPlanner.plan(finder, paths: result.paths)
            #expect(graph.nodes.contains { $0.id == "internet" })
        }
        #expect(problemsSeen > 0, "corruption is reported as problems, not swallowed")
    }
}
