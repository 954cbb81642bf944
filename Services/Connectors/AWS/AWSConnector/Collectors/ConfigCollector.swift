import Foundation
import PalisadeModel

/// AWS Config's recorders in a region, as one resource per region even when there are none, so that "Config
/// is not recording here" is a fact a check can fail on rather than an absence it cannot see.
public struct ConfigCollector: AWSCollector {
    public static let service = "config"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.config.recorder"]
    public static let permissions = ["config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus"]
    static let target = "StarlingDoveService"

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, Self.resourceTypes) {
                let recorders = try await call("DescribeConfigurationRecorders", region)["ConfigurationRecorders"]?
                    .arrayValue ?? []
                let status = await ctx.attempt {
                    try await call("DescribeConfigurationRecorderStatus", region)["ConfigurationRecordersStatus"]?
                        .arrayValue ?? []
                }
                await emit(resource(region: region, recorders: recorders, status: status))
            },
        ]
    }

    private func call(_ action: String, _ region: String) async throws -> JSONValue {
        try await ctx.client.json(service: "config", region: region, target: Self.target, action: action)
    }

    func resource(region: String, recorders: [JSONValue], status: Result<[JSONValue], AWSError>) -> Resource {
        var bag = PropertyBag()
        let statuses = (try? status.get()) ?? []
        let merged: [JSONValue] = recorders.map { r in
            let name = r["name"]?.stringValue ?? ""
            var entry: [String: JSONValue] = [
                "name": .string(name),
                "roleArn": .optionalString(AWSJSON.string(r["roleARN"])),
                "allSupported": AWSJSON.value(r.value(at: "recordingGroup.allSupported")),
                "includeGlobalResourceTypes": AWSJSON.value(r.value(at: "recordingGroup.includeGlobalResourceTypes")),
                "resourceTypes": r.value(at: "recordingGroup.resourceTypes") ?? [],
            ]
            if let s = statuses.first(where: { $0["name"]?.stringValue == name }) {
                entry["recording"] = AWSJSON.value(s["recording"])
                entry["lastStatus"] = AWSJSON.value(s["lastStatus"])
                entry["lastStatusChangeTime"] = AWSJSON.date(s["lastStatusChangeTime"])
                entry["lastErrorCode"] = .optionalString(AWSJSON.string(s["lastErrorCode"]))
            }
            return .object(entry)
        }
        bag["recorders"] = .array(merged)
        bag["recorderCount"] = .number(Double(recorders.count))
        bag["allSupported"] = .bool(recorders.contains { $0.value(at: "recordingGroup.allSupported") == true })
        bag["includeGlobalResourceTypes"] = .bool(recorders.contains {
            $0.value(at: "recordingGroup.includeGlobalResourceTypes") == true })
        switch status {
        case .success:
            // Recording: some recorder is on. No recorder at all → false.
            bag["recording"] = .bool(merged.contains { $0["recording"] == true })
        case .failure(let e):
            bag.unknown["recording"] = e.reason
        }
        bag["raw"] = ["configurationRecorders": .array(recorders), "configurationRecordersStatus": .array(statuses)]
        return bag.resource(id: "arn:aws:config:\(region):\(ctx.account):recorder-status", account: ctx.account,
                            region: region, type: "aws.config.recorder", name: "config-recorders-\(region)")
    }
}
