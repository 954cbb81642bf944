import Foundation
import PalisadeModel

/// CloudWatch metric alarms of one region: the metric watched, whether actions fire, and where they go
/// (the SNS topics CIS 4.x expects behind each security metric filter).
public struct CloudWatchAlarmCollector: AWSCollector {
    public static let service = "cloudwatch"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.cloudwatch.alarm"]
    public static let permissions = ["cloudwatch:DescribeAlarms"]

    let ctx: CollectorContext
    /// `MaxRecords` per page (the API's maximum is 100).
    let pageSize: Int

    public init(_ ctx: CollectorContext) { self.init(ctx, pageSize: 100) }

    public init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [await ctx.scope(Self.service, region, Self.resourceTypes) {
            // The API's signing name and host prefix are `monitoring`; its IAM prefix is `cloudwatch`.
            let alarms = try await ctx.client.queryList(service: "monitoring", region: region, action: "DescribeAlarms",
                                                        version: "2010-08-01", list: "MetricAlarms",
                                                        params: [("MaxRecords", String(pageSize))])
            for a in alarms { await emit(alarm(a, region: region)) }
        }]
    }

    func alarm(_ a: XMLNode, region: String) -> Resource {
        let name = a.string("AlarmName") ?? ""
        var bag = PropertyBag()
        bag["alarmName"] = .string(name)
        bag["alarmArn"] = a.jsonString("AlarmArn")
        bag["metricName"] = a.jsonString("MetricName")
        bag["namespace"] = a.jsonString("Namespace")
        bag["statistic"] = a.jsonString("Statistic")
        bag["dimensions"] = .array(a.list("Dimensions").map { ["name": $0.jsonString("Name"), "value": $0.jsonString("Value")] })
        bag["comparisonOperator"] = a.jsonString("ComparisonOperator")
        bag["threshold"] = a.jsonNumber("Threshold")
        bag["period"] = a.jsonNumber("Period")
        bag["evaluationPeriods"] = a.jsonNumber("EvaluationPeriods")
        bag["actionsEnabled"] = a.jsonBool("ActionsEnabled")
        // Lists the API leaves out are empty: no actions of that kind.
        bag["alarmActions"] = a.jsonStrings("AlarmActions")
        bag["okActions"] = a.jsonStrings("OKActions")
        bag["insufficientDataActions"] = a.jsonStrings("InsufficientDataActions")
        bag["stateValue"] = a.jsonString("StateValue")
        bag["stateUpdatedTimestamp"] = a.jsonString("StateUpdatedTimestamp")
        // Metric-math alarms watch several metrics through `Metrics` instead of MetricName/Namespace.
        bag["metrics"] = .array(a.list("Metrics").compactMap { q in
            guard let m = q.at("MetricStat/Metric") else { return nil }
            return ["id": q.jsonString("Id"), "metricName": m.jsonString("MetricName"),
                    "namespace": m.jsonString("Namespace")]
        })
        bag["raw"] = a.jsonValue
        let arn = a.string("AlarmArn") ?? "arn:aws:cloudwatch:\(region):\(ctx.account):alarm:\(name)"
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.cloudwatch.alarm", name: name)
    }
}
