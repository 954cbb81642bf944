import Foundation
import PalisadeModel

/// DynamoDB tables with their encryption, billing mode, point-in-time recovery and deletion protection.
public struct DynamoDBCollector: AWSCollector {
    public static let service = "dynamodb"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.dynamodb.table"]
    public static let permissions = [
        "dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups",
        "dynamodb:ListTagsOfResource",
    ]
    static let target = "DynamoDB_20120810"

    let ctx: CollectorContext
    /// ListTables page size (AWS allows up to 100).
    var pageSize = 100

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, Self.resourceTypes) {
                let names = try await ctx.client.jsonList(
                    service: "dynamodb", region: region, target: Self.target, action: "ListTables", list: "TableNames",
                    body: ["Limit": .number(Double(pageSize))], tokenIn: "ExclusiveStartTableName",
                    tokenOut: "LastEvaluatedTableName", protocolVersion: "1.0")
                await ctx.forEach(names.compactMap(\.stringValue), emit: emit) { await table($0, region: region) }
            },
        ]
    }

    private func call(_ action: String, _ body: JSONValue, region: String) async throws -> JSONValue {
        try await ctx.client.json(service: "dynamodb", region: region, target: Self.target, action: action, body: body,
                                  protocolVersion: "1.0")
    }

    func table(_ name: String, region: String) async -> Resource {
        let fallbackArn = "arn:aws:dynamodb:\(region):\(ctx.account):table/\(name)"
        var bag = PropertyBag()
        bag["tableName"] = .string(name)
        var arn = fallbackArn
        switch await ctx.attempt({ try await call("DescribeTable", ["TableName": .string(name)], region: region) }) {
        case .success(let page):
            let t = page["Table"] ?? [:]
            arn = AWSJSON.string(t["TableArn"]) ?? fallbackArn
            Self.describe(t, into: &bag)
        case .failure(let e):
            for key in Self.describeKeys { bag.unknown[key] = e.reason }
        }
        switch await ctx.attempt({ try await call("DescribeContinuousBackups", ["TableName": .string(name)], region: region) }) {
        case .success(let page):
            let status = page.value(at: "ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus")
            bag["pointInTimeRecoveryStatus"] = AWSJSON.value(status)
            bag["pointInTimeRecoveryEnabled"] = status.map { .bool($0 == "ENABLED") } ?? .null
        case .failure(let e):
            bag.unknown["pointInTimeRecoveryStatus"] = e.reason
            bag.unknown["pointInTimeRecoveryEnabled"] = e.reason
        }
        var tags: [String: String] = [:]
        let tagArn = arn
        switch await ctx.attempt({
            try await ctx.client.jsonList(service: "dynamodb", region: region, target: Self.target,
                                          action: "ListTagsOfResource", list: "Tags",
                                          body: ["ResourceArn": .string(tagArn)], protocolVersion: "1.0")
        }) {
        case .success(let list): tags = AWSJSON.tags(.array(list))
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.dynamodb.table", name: name, tags: tags)
    }

    static let describeKeys = ["tableStatus", "billingMode", "sseType", "sseStatus", "kmsMasterKeyArn",
                               "deletionProtectionEnabled", "tableClass", "itemCount", "tableSizeBytes",
                               "creationDateTime", "raw"]

    /// The DescribeTable fields. An absent `SSEDescription` means the table is encrypted at rest with an AWS
    /// owned key (DynamoDB encrypts every table; the description appears only for KMS keys): `sseType`
    /// is then `AWS_OWNED_KEY`, `kmsMasterKeyArn` null.
    static func describe(_ t: JSONValue, into bag: inout PropertyBag) {
        bag["tableStatus"] = AWSJSON.value(t["TableStatus"])
        bag["billingMode"] = AWSJSON.value(t.value(at: "BillingModeSummary.BillingMode"))
        if let sse = t["SSEDescription"], sse.objectValue != nil {
            bag["sseType"] = AWSJSON.value(sse["SSEType"])
            bag["sseStatus"] = AWSJSON.value(sse["Status"])
            bag["kmsMasterKeyArn"] = .optionalString(AWSJSON.string(sse["KMSMasterKeyArn"]))
        } else {
            bag["sseType"] = "AWS_OWNED_KEY"
            bag["sseStatus"] = "ENABLED"
            bag["kmsMasterKeyArn"] = .null
        }
        bag["deletionProtectionEnabled"] = AWSJSON.value(t["DeletionProtectionEnabled"])
        bag["tableClass"] = AWSJSON.value(t.value(at: "TableClassSummary.TableClass"))
        bag["itemCount"] = AWSJSON.number(t["ItemCount"])
        bag["tableSizeBytes"] = AWSJSON.number(t["TableSizeBytes"])
        bag["creationDateTime"] = AWSJSON.date(t["CreationDateTime"])
        bag["raw"] = t
    }
}
