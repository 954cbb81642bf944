import Foundation
import PalisadeModel

/// GuardDuty in a region as one resource, detectors or not (`detectors: []`), so that "GuardDuty is off here"
/// is a fact checks can read.
public struct GuardDutyCollector: AWSCollector {
    public static let service = "guardduty"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.guardduty.detector_status"]
    public static let permissions = ["guardduty:ListDetectors", "guardduty:GetDetector"]

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, Self.resourceTypes) {
                let ids = try await ctx.client.restJSONList(service: "guardduty", region: region, path: "/detector",
                                                            list: "detectorIds", query: [("maxResults", "50")],
                                                            tokenIn: "nextToken", tokenOut: "nextToken",
                                                            operation: "ListDetectors").compactMap(\.stringValue)
                var details: [(String, Result<JSONValue, AWSError>)] = []
                for id in ids {
                    details.append((id, await ctx.attempt {
                        try await ctx.client.restJSON(service: "guardduty", region: region, path: "/detector/\(id)",
                                                      operation: "GetDetector")
                    }))
                }
                await emit(resource(region: region, details: details))
            },
        ]
    }

    func resource(region: String, details: [(String, Result<JSONValue, AWSError>)]) -> Resource {
        var bag = PropertyBag()
        bag["detectorCount"] = .number(Double(details.count))
        var detectors: [JSONValue] = []
        var raw: [String: JSONValue] = [:]
        var failure: AWSError?
        for (id, result) in details {
            switch result {
            case .success(let d):
                raw[id] = d
                detectors.append([
                    "detectorId": .string(id),
                    "arn": .string("arn:aws:guardduty:\(region):\(ctx.account):detector/\(id)"),
                    "status": AWSJSON.value(d["status"]),
                    "findingPublishingFrequency": AWSJSON.value(d["findingPublishingFrequency"]),
                    "features": .array((d["features"]?.arrayValue ?? []).map {
                        ["name": AWSJSON.value($0["name"]), "status": AWSJSON.value($0["status"])]
                    }),
                    "createdAt": AWSJSON.date(d["createdAt"]),
                ])
            case .failure(let e):
                failure = failure ?? e
            }
        }
        if let failure {
            // A detector could not be read: its status, hence whether GuardDuty is on, is unknown.
            for key in ["detectors", "enabled", "raw"] { bag.unknown[key] = failure.reason }
        } else {
            bag["detectors"] = .array(detectors)
            bag["enabled"] = .bool(detectors.contains { $0["status"] == "ENABLED" })
            bag["raw"] = .object(raw)
        }
        return bag.resource(id: "arn:aws:guardduty:\(region):\(ctx.account):detector-status", account: ctx.account,
                            region: region, type: "aws.guardduty.detector_status", name: "guardduty-\(region)")
    }
}
