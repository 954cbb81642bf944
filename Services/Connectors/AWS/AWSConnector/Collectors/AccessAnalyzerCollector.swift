import Foundation
import PalisadeModel

/// IAM Access Analyzer in a region as one resource, analyzers or not (`analyzers: []`), so that "no analyzer
/// watches this region" is a fact checks can read.
public struct AccessAnalyzerCollector: AWSCollector {
    public static let service = "access-analyzer"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.accessanalyzer.region_status"]
    public static let permissions = ["access-analyzer:ListAnalyzers"]

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, Self.resourceTypes) {
                let analyzers = try await ctx.client.restJSONList(
                    service: Self.service, region: region, path: "/analyzer", list: "analyzers",
                    query: [("maxResults", "100")], tokenIn: "nextToken", tokenOut: "nextToken",
                    operation: "ListAnalyzers")
                await emit(resource(region: region, analyzers: analyzers))
            },
        ]
    }

    func resource(region: String, analyzers: [JSONValue]) -> Resource {
        var bag = PropertyBag()
        let list: [JSONValue] = analyzers.map {
            ["name": AWSJSON.value($0["name"]), "arn": AWSJSON.value($0["arn"]), "type": AWSJSON.value($0["type"]),
             "status": AWSJSON.value($0["status"])]
        }
        bag["analyzers"] = .array(list)
        bag["enabled"] = .bool(list.contains { $0["status"] == "ACTIVE" })
        bag["raw"] = .array(analyzers)
        return bag.resource(id: "arn:aws:access-analyzer:\(region):\(ctx.account):analyzer-status", account: ctx.account,
                            region: region, type: "aws.accessanalyzer.region_status", name: "access-analyzer-\(region)")
    }
}
