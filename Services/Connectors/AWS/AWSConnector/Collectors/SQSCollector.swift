import Foundation
import PalisadeModel

/// SQS queues with their access policy, encryption (SQS-managed or KMS) and dead-letter redrive. Uses the
/// AWS JSON protocol (awsJson1.0, `AmazonSQS`), which SQS has served since 2023 and moto 5 answers.
public struct SQSCollector: AWSCollector {
    public static let service = "sqs"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.sqs.queue"]
    public static let permissions = ["sqs:ListQueues", "sqs:GetQueueAttributes", "sqs:ListQueueTags"]
    static let target = "AmazonSQS"

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, Self.resourceTypes) {
                // ListQueues pages (NextToken) only when MaxResults is given; without it AWS stops at 1,000 queues.
                let urls = try await ctx.client.jsonList(service: "sqs", region: region, target: Self.target,
                                                         action: "ListQueues", list: "QueueUrls",
                                                         body: ["MaxResults": 1000], protocolVersion: "1.0")
                await ctx.forEach(urls.compactMap(\.stringValue), emit: emit) { await queue($0, region: region) }
            },
        ]
    }

    private func call(_ action: String, _ body: JSONValue, region: String) async throws -> JSONValue {
        try await ctx.client.json(service: "sqs", region: region, target: Self.target, action: action, body: body,
                                  protocolVersion: "1.0")
    }

    func queue(_ url: String, region: String) async -> Resource {
        let name = AWSJSON.lastComponent(url)
        var arn = "arn:aws:sqs:\(region):\(ctx.account):\(name)"
        var bag = PropertyBag()
        bag["queueUrl"] = .string(url)
        bag["name"] = .string(name)
        switch await ctx.attempt({
            try await call("GetQueueAttributes", ["QueueUrl": .string(url), "AttributeNames": ["All"]], region: region)
        }) {
        case .success(let page):
            let attributes = page["Attributes"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            arn = attributes["QueueArn"] ?? arn
            Self.attributes(attributes, into: &bag)
        case .failure(let e):
            for key in Self.attributeKeys { bag.unknown[key] = e.reason }
        }
        var tags: [String: String] = [:]
        switch await ctx.attempt({ try await call("ListQueueTags", ["QueueUrl": .string(url)], region: region) }) {
        case .success(let page): tags = AWSJSON.tags(page["Tags"] ?? [:])
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.sqs.queue", name: name, tags: tags)
    }

    static let attributeKeys = ["queueArn", "policy", "sqsManagedSseEnabled", "kmsMasterKeyId", "encrypted",
                                "redrivePolicy", "deadLetterTargetArn", "redriveAllowPolicy", "fifoQueue",
                                "messageRetentionPeriod", "raw"]

    static func attributes(_ a: [String: String], into bag: inout PropertyBag) {
        bag["queueArn"] = .optionalString(a["QueueArn"])
        switch Result(catching: { try JSONValue.policyDocument(a["Policy"]) }) {
        case .success(let policy): bag["policy"] = policy
        case .failure(let e): bag.unknown["policy"] = (e as? AWSError)?.reason ?? "\(e)"
        }
        let key = a["KmsMasterKeyId"].flatMap { $0.isEmpty ? nil : $0 }
        bag["kmsMasterKeyId"] = .optionalString(key)
        // AWS returns SqsManagedSseEnabled ("true"/"false") for AttributeNames=All; when a response leaves it out
        // (moto does for queues created without it) it stays null and `encrypted` is only true or null.
        let sse: Bool? = a["SqsManagedSseEnabled"].map { $0 == "true" }
        bag["sqsManagedSseEnabled"] = sse.map { .bool($0) } ?? .null
        bag["encrypted"] = key != nil || sse == true ? true : (sse == false ? false : .null)
        let redrive = (try? JSONValue.policyDocument(a["RedrivePolicy"])) ?? .null
        bag["redrivePolicy"] = redrive
        bag["deadLetterTargetArn"] = AWSJSON.value(redrive["deadLetterTargetArn"])
        bag["redriveAllowPolicy"] = (try? JSONValue.policyDocument(a["RedriveAllowPolicy"])) ?? .null
        // FifoQueue is only returned for FIFO queues.
        bag["fifoQueue"] = .bool(a["FifoQueue"] == "true")
        bag["messageRetentionPeriod"] = AWSJSON.number(a["MessageRetentionPeriod"].map { .string($0) })
        bag["raw"] = .object(a.mapValues { .string($0) })
    }
}
