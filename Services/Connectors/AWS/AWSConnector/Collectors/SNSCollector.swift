import Foundation
import PalisadeModel

/// SNS topics with their access policy, encryption key and subscription counts.
public struct SNSCollector: AWSCollector {
    public static let service = "sns"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.sns.topic"]
    public static let permissions = ["sns:ListTopics", "sns:GetTopicAttributes", "sns:ListTagsForResource"]
    static let version = "2010-03-31"

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, Self.resourceTypes) {
                let topics = try await ctx.client.queryList(service: "sns", region: region, action: "ListTopics",
                                                            version: Self.version, list: "Topics")
                await ctx.forEach(topics.compactMap { $0.string("TopicArn") }, emit: emit) { await topic($0, region: region) }
            },
        ]
    }

    func topic(_ arn: String, region: String) async -> Resource {
        let name = arn.split(separator: ":").last.map(String.init) ?? arn
        var bag = PropertyBag()
        bag["topicArn"] = .string(arn)
        bag["name"] = .string(name)
        switch await ctx.attempt({
            try await ctx.client.query(service: "sns", region: region, action: "GetTopicAttributes", version: Self.version,
                                       params: [("TopicArn", arn)])
        }) {
        case .success(let doc):
            Self.attributes(Self.entries(doc.at("GetTopicAttributesResult/Attributes")), into: &bag)
        case .failure(let e):
            for key in Self.attributeKeys { bag.unknown[key] = e.reason }
        }
        var tags: [String: String] = [:]
        switch await ctx.attempt({
            try await ctx.client.query(service: "sns", region: region, action: "ListTagsForResource", version: Self.version,
                                       params: [("ResourceArn", arn)])
        }) {
        case .success(let doc):
            for t in doc.at("ListTagsForResourceResult")?.list("Tags") ?? [] {
                if let k = t.string("Key") { tags[k] = t.string("Value") ?? "" }
            }
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.sns.topic", name: name, tags: tags)
    }

    /// `<Attributes><entry><key>K</key><value>V</value></entry>...` → `[K: V]`.
    static func entries(_ node: XMLNode?) -> [String: String] {
        var map: [String: String] = [:]
        for e in node?.children("entry") ?? [] { if let k = e.string("key") { map[k] = e.string("value") ?? "" } }
        return map
    }

    static let attributeKeys = ["policy", "kmsMasterKeyId", "encrypted", "subscriptionsConfirmed", "subscriptionsPending",
                                "subscriptionsDeleted", "displayName", "owner", "fifoTopic", "raw"]

    static func attributes(_ a: [String: String], into bag: inout PropertyBag) {
        switch Result(catching: { try JSONValue.policyDocument(a["Policy"]) }) {
        case .success(let policy): bag["policy"] = policy
        case .failure(let e): bag.unknown["policy"] = (e as? AWSError)?.reason ?? "\(e)"
        }
        // No KmsMasterKeyId attribute: the topic is not encrypted at rest with KMS (SNS documents SSE as opt-in).
        let key = a["KmsMasterKeyId"].flatMap { $0.isEmpty ? nil : $0 }
        bag["kmsMasterKeyId"] = .optionalString(key)
        bag["encrypted"] = .bool(key != nil)
        bag["subscriptionsConfirmed"] = AWSJSON.number(a["SubscriptionsConfirmed"].map { .string($0) })
        bag["subscriptionsPending"] = AWSJSON.number(a["SubscriptionsPending"].map { .string($0) })
        bag["subscriptionsDeleted"] = AWSJSON.number(a["SubscriptionsDeleted"].map { .string($0) })
        bag["displayName"] = .optionalString(a["DisplayName"].flatMap { $0.isEmpty ? nil : $0 })
        bag["owner"] = .optionalString(a["Owner"])
        // SNS returns FifoTopic only for FIFO topics; a standard topic has no such attribute.
        bag["fifoTopic"] = .bool(a["FifoTopic"] == "true")
        bag["raw"] = .object(a.mapValues { .string($0) })
    }
}
