import Foundation
import PalisadeModel

/// CloudTrail trails of one region, each reported once in its home region (shadow copies of multi-region
/// and organization trails are left out), with logging status and event selectors.
public struct CloudTrailCollector: AWSCollector {
    public static let service = "cloudtrail"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.cloudtrail.trail"]
    public static let permissions = [
        "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors", "cloudtrail:ListTags",
    ]
    static let target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [await ctx.scope(Self.service, region, Self.resourceTypes) {
            // DescribeTrails is not paginated: it returns every trail of the region in one answer.
            let answer = try await call("DescribeTrails", region, ["includeShadowTrails": false])
            let trails = (answer["trailList"]?.arrayValue ?? []).filter {
                ($0["HomeRegion"]?.stringValue ?? region) == region
            }
            let tags = await self.tags(trails.compactMap { $0["TrailARN"]?.stringValue }, region: region)
            await ctx.forEach(trails, emit: emit) { await self.trail($0, region: region, tags: tags) }
        }]
    }

    func call(_ action: String, _ region: String, _ body: JSONValue) async throws -> JSONValue {
        try await ctx.client.json(service: "cloudtrail", region: region, target: Self.target, action: action, body: body)
    }

    /// ListTags for up to 20 trails per call, followed through NextToken; a failure makes every trail's tags unknown.
    func tags(_ arns: [String], region: String) async -> Result<[String: [String: String]], AWSError> {
        await ctx.attempt {
            var out: [String: [String: String]] = [:]
            for start in stride(from: 0, to: arns.count, by: 20) {
                let ids = JSONValue.array(arns[start..<min(start + 20, arns.count)].map { .string($0) })
                var token: String?
                repeat {
                    var body: [String: JSONValue] = ["ResourceIdList": ids]
                    if let token { body["NextToken"] = .string(token) }
                    let page = try await call("ListTags", region, .object(body))
                    for entry in page["ResourceTagList"]?.arrayValue ?? [] {
                        guard let id = entry["ResourceId"]?.stringValue else { continue }
                        for t in entry["TagsList"]?.arrayValue ?? [] {
                            if let k = t["Key"]?.stringValue { out[id, default: [:]][k] = t["Value"]?.stringValue ?? "" }
                        }
                    }
                    token = page["NextToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                } while token != nil
            }
            return out
        }
    }

    func trail(_ t: JSONValue, region: String, tags: Result<[String: [String: String]], AWSError>) async -> Resource {
        let name = t["Name"]?.stringValue ?? ""
        let arn = t["TrailARN"]?.stringValue ?? "arn:aws:cloudtrail:\(region):\(ctx.account):trail/\(name)"
        var bag = PropertyBag()
        bag["name"] = .string(name)
        bag["trailArn"] = .string(arn)
        bag["homeRegion"] = .field(t["HomeRegion"])
        bag["isMultiRegionTrail"] = .field(t["IsMultiRegionTrail"])
        bag["isOrganizationTrail"] = .field(t["IsOrganizationTrail"])
        bag["logFileValidationEnabled"] = .field(t["LogFileValidationEnabled"])
        bag["includeGlobalServiceEvents"] = .field(t["IncludeGlobalServiceEvents"])
        // KmsKeyId is documented as present only when logs are encrypted with SSE-KMS: null = SSE-S3.
        bag["kmsKeyId"] = .field(t["KmsKeyId"])
        bag["s3BucketName"] = .field(t["S3BucketName"])
        bag["s3KeyPrefix"] = .field(t["S3KeyPrefix"])
        bag["snsTopicArn"] = .field(t["SnsTopicARN"])
        bag["cloudWatchLogsLogGroupArn"] = .field(t["CloudWatchLogsLogGroupArn"])
        bag["cloudWatchLogsRoleArn"] = .field(t["CloudWatchLogsRoleArn"])
        bag["hasCustomEventSelectors"] = .field(t["HasCustomEventSelectors"])
        bag["hasInsightSelectors"] = .field(t["HasInsightSelectors"])
        bag["raw"] = t

        switch await ctx.attempt({ try await call("GetTrailStatus", region, ["Name": .string(arn)]) }) {
        case .success(let s):
            bag["isLogging"] = .field(s["IsLogging"])
            bag["latestDeliveryTime"] = .isoDate(s["LatestDeliveryTime"])
            bag["latestDeliveryError"] = .field(s["LatestDeliveryError"])
            bag["latestCloudWatchLogsDeliveryTime"] = .isoDate(s["LatestCloudWatchLogsDeliveryTime"])
        case .failure(let e):
            for key in ["isLogging", "latestDeliveryTime", "latestDeliveryError", "latestCloudWatchLogsDeliveryTime"] {
                bag.unknown[key] = e.reason
            }
        }

        switch await ctx.attempt({ try await call("GetEventSelectors", region, ["TrailName": .string(arn)]) }) {
        case .success(let s):
            for (key, value) in Self.selectors(basic: s["EventSelectors"]?.arrayValue ?? [],
                                               advanced: s["AdvancedEventSelectors"]?.arrayValue ?? []) {
                bag[key] = value
            }
        case .failure(let e):
            for key in Self.selectorKeys { bag.unknown[key] = e.reason }
        }

        var tagMap: [String: String] = [:]
        switch tags {
        case .success(let all): tagMap = all[arn] ?? [:]
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.cloudtrail.trail",
                            name: tagMap["Name"] ?? name, tags: tagMap)
    }

    static let selectorKeys = ["eventSelectors", "advancedEventSelectors", "managementEventsRead",
                               "managementEventsWrite", "dataEvents"]

    /// What the selectors record: management reads and writes, and the data-event resource types with the
    /// ARNs (or prefixes) they cover. Basic and advanced selectors are exclusive on a trail; both are read.
    static func selectors(basic: [JSONValue], advanced: [JSONValue]) -> [String: JSONValue] {
        var read = false, write = false
        var data: [JSONValue] = []
        for s in basic {
            let rw = s["ReadWriteType"]?.stringValue ?? "All"  // documented default: All
            if s["IncludeManagementEvents"]?.boolValue == true {
                if rw == "All" || rw == "ReadOnly" { read = true }
                if rw == "All" || rw == "WriteOnly" { write = true }
            }
            for d in s["DataResources"]?.arrayValue ?? [] {
                data.append(["type": .field(d["Type"]), "values": .strings(d["Values"]), "readWriteType": .string(rw)])
            }
        }
        for s in advanced {
            let fields = s["FieldSelectors"]?.arrayValue ?? []
            func equals(_ field: String) -> [String]? {
                fields.first { $0["Field"]?.stringValue == field }?["Equals"]?.arrayValue?.compactMap(\.stringValue)
            }
            // An advanced selector without a readOnly field selects both reads and writes.
            let readOnly = equals("readOnly")
            let reads = readOnly == nil || readOnly!.contains("true")
            let writes = readOnly == nil || readOnly!.contains("false")
            let rw = reads && writes ? "All" : (reads ? "ReadOnly" : "WriteOnly")
            switch equals("eventCategory")?.first {
            case "Management":
                if reads { read = true }
                if writes { write = true }
            case "Data":
                let arnField = fields.first { $0["Field"]?.stringValue == "resources.ARN" }
                let values = arnField.map { f in
                    JSONValue.array(["Equals", "StartsWith"].flatMap { f[$0]?.arrayValue ?? [] })
                } ?? ["*"]
                data.append(["type": .optionalString(equals("resources.type")?.first), "values": values,
                             "readWriteType": .string(rw)])
            default: break
            }
        }
        return ["eventSelectors": .array(basic), "advancedEventSelectors": .array(advanced),
                "managementEventsRead": .bool(read), "managementEventsWrite": .bool(write), "dataEvents": .array(data)]
    }
}
