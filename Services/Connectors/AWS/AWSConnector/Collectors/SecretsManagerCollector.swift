import Foundation
import PalisadeModel

/// Secrets Manager secrets: rotation, last use, encryption key and resource policy. Never reads a secret's
/// value (GetSecretValue is neither called nor in the permissions).
public struct SecretsManagerCollector: AWSCollector {
    public static let service = "secretsmanager"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.secretsmanager.secret"]
    public static let permissions = ["secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"]
    static let target = "secretsmanager"

    let ctx: CollectorContext
    /// ListSecrets page size (AWS allows up to 100).
    var pageSize = 100

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, Self.resourceTypes) {
                let secrets = try await ctx.client.jsonList(
                    service: "secretsmanager", region: region, target: Self.target, action: "ListSecrets",
                    list: "SecretList", body: ["MaxResults": .number(Double(pageSize))])
                await ctx.forEach(secrets, emit: emit) { await secret($0, region: region) }
            },
        ]
    }

    func secret(_ s: JSONValue, region: String) async -> Resource {
        let arn = s["ARN"]?.stringValue ?? ""
        let name = s["Name"]?.stringValue ?? arn
        var bag = PropertyBag()
        Self.listed(s, into: &bag)
        bag.set("policy", await ctx.attempt {
            let page = try await ctx.client.json(service: "secretsmanager", region: region, target: Self.target,
                                                 action: "GetResourcePolicy", body: ["SecretId": .string(arn)])
            // No ResourcePolicy field: the secret has no resource policy.
            return try JSONValue.policyDocument(page["ResourcePolicy"]?.stringValue)
        }, absentCodes: ["ResourceNotFoundException"])
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.secretsmanager.secret", name: name,
                            tags: AWSJSON.tags(s["Tags"]))
    }

    /// The ListSecrets entry's fields (it carries everything but the policy).
    static func listed(_ s: JSONValue, into bag: inout PropertyBag) {
        bag["name"] = AWSJSON.value(s["Name"])
        bag["description"] = .optionalString(AWSJSON.string(s["Description"]))
        // ListSecrets omits RotationEnabled for a secret that never had rotation configured (AWS and moto
        // both): absent from a successful listing means rotation is off.
        bag["rotationEnabled"] = .bool(s["RotationEnabled"]?.boolValue ?? false)
        bag["rotationLambdaArn"] = .optionalString(AWSJSON.string(s["RotationLambdaARN"]))
        bag["rotationRules"] = AWSJSON.value(s["RotationRules"])
        bag["rotationIntervalDays"] = AWSJSON.number(s["RotationRules"]?["AutomaticallyAfterDays"])
        bag["lastRotatedDate"] = AWSJSON.date(s["LastRotatedDate"])
        bag["nextRotationDate"] = AWSJSON.date(s["NextRotationDate"])
        bag["lastAccessedDate"] = AWSJSON.date(s["LastAccessedDate"])
        bag["lastChangedDate"] = AWSJSON.date(s["LastChangedDate"])
        bag["createdDate"] = AWSJSON.date(s["CreatedDate"])
        bag["deletedDate"] = AWSJSON.date(s["DeletedDate"])
        // Null: encrypted with the account's AWS managed key aws/secretsmanager.
        bag["kmsKeyId"] = .optionalString(AWSJSON.string(s["KmsKeyId"]))
        bag["primaryRegion"] = .optionalString(AWSJSON.string(s["PrimaryRegion"]))
        bag["raw"] = s
    }
}
