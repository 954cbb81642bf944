import Foundation
import PalisadeModel

/// Security Hub in a region as one resource: whether the account is subscribed, and which standards are on.
public struct SecurityHubCollector: AWSCollector {
    public static let service = "securityhub"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.securityhub.hub_status"]
    public static let permissions = ["securityhub:DescribeHub", "securityhub:GetEnabledStandards"]

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, Self.resourceTypes) {
                let hub: JSONValue?
                do {
                    hub = try await ctx.client.restJSON(service: "securityhub", region: region, path: "/accounts",
                                                        operation: "DescribeHub")
                } catch let e as AWSError where e.code == "InvalidAccessException" {
                    // DescribeHub's documented answer for an account that is not subscribed to Security Hub in
                    // this region ("Account ... is not subscribed to AWS Security Hub"): it is not enabled.
                    hub = nil
                }
                await emit(await resource(region: region, hub: hub))
            },
        ]
    }

    func resource(region: String, hub: JSONValue?) async -> Resource {
        var bag = PropertyBag()
        bag["enabled"] = .bool(hub != nil)
        bag["hubArn"] = .optionalString(AWSJSON.string(hub?["HubArn"]))
        bag["subscribedAt"] = AWSJSON.date(hub?["SubscribedAt"])
        bag["autoEnableControls"] = AWSJSON.value(hub?["AutoEnableControls"])
        bag["raw"] = hub ?? .null
        if hub == nil {
            bag["standards"] = []
        } else {
            bag.set("standards", await ctx.attempt { .array(try await standards(region).map(Self.standard)) })
        }
        return bag.resource(id: "arn:aws:securityhub:\(region):\(ctx.account):hub-status", account: ctx.account,
                            region: region, type: "aws.securityhub.hub_status", name: "securityhub-\(region)")
    }

    /// GetEnabledStandards (`POST /standards/get`), followed through NextToken.
    func standards(_ region: String) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var token: String?
        repeat {
            var body: [String: JSONValue] = ["MaxResults": 100]
            if let token { body["NextToken"] = .string(token) }
            let page = try await ctx.client.restJSON(service: "securityhub", region: region, method: "POST",
                                                     path: "/standards/get", body: .object(body),
                                                     operation: "GetEnabledStandards")
            items += page["StandardsSubscriptions"]?.arrayValue ?? []
            token = AWSJSON.string(page["NextToken"])
        } while token != nil
        return items
    }

    static func standard(_ s: JSONValue) -> JSONValue {
        ["standardsArn": AWSJSON.value(s["StandardsArn"]),
         "subscriptionArn": AWSJSON.value(s["StandardsSubscriptionArn"]),
         "status": AWSJSON.value(s["StandardsStatus"])]
    }
}
