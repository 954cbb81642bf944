import Foundation
import PalisadeModel

/// CloudWatch Logs log groups (retention, KMS key, attached metric filters) and the metric filters themselves,
/// which CIS 4.x checks search for patterns next to the alarms on their metrics.
public struct LogsCollector: AWSCollector {
    public static let service = "logs"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.logs.log_group", "aws.logs.metric_filter"]
    public static let permissions = ["logs:DescribeLogGroups", "logs:DescribeMetricFilters"]
    static let target = "Logs_20140328"

    let ctx: CollectorContext
    /// `limit` per page (the API's maximum is 50).
    let pageSize: Int

    public init(_ ctx: CollectorContext) { self.init(ctx, pageSize: 50) }

    public init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        let filters = await ctx.attempt { try await list("DescribeMetricFilters", "metricFilters", region) }
        let filterScope = await ctx.scope(Self.service, region, ["aws.logs.metric_filter"]) {
            for f in try filters.get() { await emit(metricFilter(f, region: region)) }
        }
        let groupScope = await ctx.scope(Self.service, region, ["aws.logs.log_group"]) {
            for g in try await list("DescribeLogGroups", "logGroups", region) {
                await emit(logGroup(g, region: region, filters: filters))
            }
        }
        return [groupScope, filterScope]
    }

    func list(_ action: String, _ key: String, _ region: String) async throws -> [JSONValue] {
        try await ctx.client.jsonList(service: "logs", region: region, target: Self.target, action: action, list: key,
                                      body: ["limit": .number(Double(pageSize))], tokenIn: "nextToken")
    }

    /// A log group's ARN without the `:*` suffix DescribeLogGroups' `arn` carries.
    func groupArn(_ g: JSONValue, name: String, region: String) -> String {
        if let arn = g["logGroupArn"]?.stringValue { return arn }
        if let arn = g["arn"]?.stringValue { return arn.hasSuffix(":*") ? String(arn.dropLast(2)) : arn }
        return "arn:aws:logs:\(region):\(ctx.account):log-group:\(name)"
    }

    func logGroup(_ g: JSONValue, region: String, filters: Result<[JSONValue], AWSError>) -> Resource {
        let name = g["logGroupName"]?.stringValue ?? ""
        let arn = groupArn(g, name: name, region: region)
        var bag = PropertyBag()
        bag["logGroupName"] = .string(name)
        bag["arn"] = .string(arn)
        // Documented: a log group without retentionInDays keeps its events forever.
        bag["retentionInDays"] = .field(g["retentionInDays"])
        bag["neverExpires"] = .bool(g["retentionInDays"] == nil)
        // Documented: kmsKeyId is present only when the group is encrypted with a customer KMS key.
        bag["kmsKeyId"] = .field(g["kmsKeyId"])
        bag["creationTime"] = g["creationTime"]?.doubleValue.map { .isoDate(.number($0 / 1000)) } ?? .null
        bag["storedBytes"] = .field(g["storedBytes"])
        bag["logGroupClass"] = .field(g["logGroupClass"])
        bag["dataProtectionStatus"] = .field(g["dataProtectionStatus"])
        bag["raw"] = g
        switch filters {
        case .success(let all):
            bag["metricFilters"] = .array(all.filter { $0["logGroupName"]?.stringValue == name }.map(Self.filterSummary))
        case .failure(let e):
            bag.unknown["metricFilters"] = e.reason
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.logs.log_group", name: name)
    }

    /// A filter as a log group lists it: name, pattern, and the metrics it feeds.
    static func filterSummary(_ f: JSONValue) -> JSONValue {
        ["filterName": .field(f["filterName"]), "filterPattern": .field(f["filterPattern"]),
         "metrics": metrics(f)]
    }

    static func metrics(_ f: JSONValue) -> JSONValue {
        .array((f["metricTransformations"]?.arrayValue ?? []).map {
            ["metricName": .field($0["metricName"]), "metricNamespace": .field($0["metricNamespace"]),
             "metricValue": .field($0["metricValue"])]
        })
    }

    func metricFilter(_ f: JSONValue, region: String) -> Resource {
        let name = f["filterName"]?.stringValue ?? ""
        let group = f["logGroupName"]?.stringValue ?? ""
        let groupArn = "arn:aws:logs:\(region):\(ctx.account):log-group:\(group)"
        var bag = PropertyBag()
        bag["filterName"] = .string(name)
        bag["logGroupName"] = .string(group)
        bag["logGroupArn"] = .string(groupArn)
        // Documented: an empty pattern matches every event.
        bag["filterPattern"] = .string(f["filterPattern"]?.stringValue ?? "")
        bag["metrics"] = Self.metrics(f)
        bag["creationTime"] = f["creationTime"]?.doubleValue.map { .isoDate(.number($0 / 1000)) } ?? .null
        bag["raw"] = f
        // Metric filters have no ARN of their own: the id extends the log group's ARN with the filter's name.
        return bag.resource(id: "\(groupArn):metric-filter:\(name)", account: ctx.account, region: region,
                            type: "aws.logs.metric_filter", name: name)
    }
}
