import Foundation
import PalisadeModel
import PalisadeProtocol

/// SQS queue encryption and CloudWatch Logs retention fixes.
extension FixCatalog {
    static let messaging: [FixDefinition] = [sqsQueueEncryption, logGroupRetention]

    static let sqsTarget = "AmazonSQS"

    static func sqs(_ t: FixTarget, _ action: String, _ body: JSONValue, _ c: AWSClient) async throws -> JSONValue {
        try await c.json(service: "sqs", region: t.apiRegion, target: sqsTarget, action: action, body: body,
                         protocolVersion: "1.0")
    }

    static func sqsManagedSSE(_ t: FixTarget, url: String, _ on: Bool) -> FixAPICall {
        .json("sqs", "SetQueueAttributes", target: sqsTarget, region: t.apiRegion,
              ["QueueUrl": .string(url), "Attributes": ["SqsManagedSseEnabled": .string(on ? "true" : "false")]],
              protocolVersion: "1.0",
              title: on ? "Encrypt queue \(t.name) at rest with SQS-managed keys (SSE-SQS)"
                  : "Turn SQS-managed encryption of queue \(t.name) off again",
              cli: "aws sqs set-queue-attributes --region \(t.apiRegion) --queue-url \(url) --attributes "
                  + "SqsManagedSseEnabled=\(on)")
    }

    /// SSE-SQS needs no key and no key policy, so it cannot lock producers out the way a KMS key can; a queue
    /// already encrypted with a KMS key is left as it is.
    static let sqsQueueEncryption = FixDefinition(
        id: "sqs.queue.encryption", checks: ["aws-sqs-queue-encrypted"],
        summary: "Encrypt the queue at rest with SQS-managed keys (SSE-SQS)",
        read: { c, t in
            let url = try await sqs(t, "GetQueueUrl", ["QueueName": .string(t.name),
                                                       "QueueOwnerAWSAccountId": .string(t.account)], c)["QueueUrl"]
            guard let url = url?.stringValue else { throw FixRefusal("GetQueueUrl returned no URL for \(t.name)") }
            let answer = try await sqs(t, "GetQueueAttributes", ["QueueUrl": .string(url),
                                                                 "AttributeNames": ["SqsManagedSseEnabled", "KmsMasterKeyId"]], c)
            let attributes = answer["Attributes"] ?? [:]
            return ["queueUrl": .string(url),
                    "sqsManagedSseEnabled": .bool(attributes["SqsManagedSseEnabled"]?.stringValue == "true"),
                    "kmsMasterKeyId": attributes["KmsMasterKeyId"] ?? .null]
        },
        apply: { t, p in
            guard let url = p["queueUrl"]?.stringValue else { throw FixRefusal("the recorded queue has no URL") }
            if p["sqsManagedSseEnabled"]?.boolValue == true || p["kmsMasterKeyId"]?.stringValue != nil { return [] }
            return [sqsManagedSSE(t, url: url, true)]
        },
        undo: { t, p in
            guard let url = p["queueUrl"]?.stringValue, p["sqsManagedSseEnabled"]?.boolValue == false,
                  p["kmsMasterKeyId"]?.stringValue == nil else { return [] }
            return [sqsManagedSSE(t, url: url, false)]
        })

    /// The log group's name from its ARN (`arn:aws:logs:r:a:log-group:/aws/lambda/f` → `/aws/lambda/f`): names
    /// hold slashes, so `FixTarget.name` would cut them.
    static func logGroupName(_ t: FixTarget) throws -> String {
        guard let r = t.resourceID.range(of: ":log-group:") else {
            throw FixRefusal("\(t.resourceID) is not a log group ARN")
        }
        var name = String(t.resourceID[r.upperBound...])
        if name.hasSuffix(":*") { name.removeLast(2) }
        return name
    }

    static func retention(_ t: FixTarget, _ name: String, days: Int, undo: Bool) -> FixAPICall {
        .json("logs", "PutRetentionPolicy", target: "Logs_20140328", region: t.apiRegion,
              ["logGroupName": .string(name), "retentionInDays": .number(Double(days))],
              title: undo ? "Set log group \(name)'s retention back to \(days) days (events older than that expire)"
                  : "Keep log group \(name)'s events for \(days) days",
              cli: "aws logs put-retention-policy --region \(t.apiRegion) --log-group-name \(CLIQuote.arg(name)) "
                  + "--retention-in-days \(days)")
    }

    /// Only ever lengthens retention: a group that keeps events forever already passes, and 365 is never set on
    /// a group that keeps them longer, so the fix itself expires nothing.
    static let logGroupRetention = FixDefinition(
        id: "logs.log-group.retention-365", checks: ["aws-logs-log-group-retention-365"],
        summary: "Keep the log group's events for 365 days (never shortens retention)",
        read: { c, t in
            let name = try logGroupName(t)
            let groups = try await c.jsonList(service: "logs", region: t.apiRegion, target: "Logs_20140328",
                                              action: "DescribeLogGroups", list: "logGroups",
                                              body: ["logGroupNamePrefix": .string(name)], tokenIn: "nextToken")
            guard let group = groups.first(where: { $0["logGroupName"]?.stringValue == name }) else {
                throw FixRefusal("log group \(name) no longer exists")
            }
            return ["logGroupName": .string(name), "retentionInDays": group["retentionInDays"] ?? .null]
        },
        apply: { t, p in
            let name = try logGroupName(t)
            guard let days = p["retentionInDays"]?.intValue, days < 365 else { return [] }
            return [retention(t, name, days: 365, undo: false)]
        },
        undo: { t, p in
            guard let days = p["retentionInDays"]?.intValue, days < 365 else { return [] }
            return [retention(t, try logGroupName(t), days: days, undo: true)]
        })
}
