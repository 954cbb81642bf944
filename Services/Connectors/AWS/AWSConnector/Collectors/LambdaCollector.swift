import Foundation
import PalisadeModel

/// Lambda functions of one region: runtime, role, network placement, tracing, KMS key, the resource policy
/// and function URL that make a function reachable, and its environment — variable names and secret-pattern
/// findings only, never the values.
public struct LambdaCollector: AWSCollector {
    public static let service = "lambda"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.lambda.function"]
    public static let permissions = ["lambda:ListFunctions", "lambda:GetPolicy", "lambda:GetFunctionUrlConfig"]

    let ctx: CollectorContext
    /// `MaxItems` per ListFunctions page (the API's maximum is 50).
    let pageSize: Int

    public init(_ ctx: CollectorContext) { self.init(ctx, pageSize: 50) }

    public init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [await ctx.scope(Self.service, region, Self.resourceTypes) {
            let functions = try await ctx.client.restJSONList(
                service: "lambda", region: region, path: "/2015-03-31/functions/", list: "Functions",
                query: [("MaxItems", String(pageSize))], tokenIn: "Marker", tokenOut: "NextMarker",
                operation: "ListFunctions")
            await ctx.forEach(functions, emit: emit) { await self.function($0, region: region) }
        }]
    }

    func function(_ f: JSONValue, region: String) async -> Resource {
        let name = f["FunctionName"]?.stringValue ?? ""
        let arn = f["FunctionArn"]?.stringValue ?? "arn:aws:lambda:\(region):\(ctx.account):function:\(name)"
        var bag = PropertyBag()
        bag["functionName"] = .string(name)
        bag["functionArn"] = .string(arn)
        bag["runtime"] = .field(f["Runtime"])  // absent for container-image functions
        bag["packageType"] = .field(f["PackageType"])
        bag["handler"] = .field(f["Handler"])
        bag["role"] = .field(f["Role"])
        bag["architectures"] = .strings(f["Architectures"])
        bag["memorySize"] = .field(f["MemorySize"])
        bag["timeout"] = .field(f["Timeout"])
        bag["lastModified"] = .field(f["LastModified"])
        bag["layers"] = .array((f["Layers"]?.arrayValue ?? []).compactMap { $0["Arn"] })
        // Documented: a function outside a VPC has no VpcConfig, or one with empty lists.
        let vpc = f["VpcConfig"]
        let subnets = vpc?["SubnetIds"]?.arrayValue ?? []
        bag["vpcConfig"] = vpc.map { v in
            ["vpcId": .field(v["VpcId"]), "subnetIds": .strings(v["SubnetIds"]),
             "securityGroupIds": .strings(v["SecurityGroupIds"])]
        } ?? .null
        bag["inVpc"] = .bool(!subnets.isEmpty)
        // Documented: KMSKeyArn is present only with a customer managed key; null = the AWS managed key.
        bag["kmsKeyArn"] = .field(f["KMSKeyArn"])
        bag["tracingMode"] = .field(f["TracingConfig"]?["Mode"])
        bag["deadLetterTargetArn"] = .field(f["DeadLetterConfig"]?["TargetArn"])
        let variables = f["Environment"]?["Variables"]?.objectValue
        bag["environment"] = Self.environment(variables)
        bag["raw"] = Self.redacted(f)

        let path = "/2015-03-31/functions/\(name)"
        bag.set("resourcePolicy", await ctx.attempt {
            let answer = try await ctx.client.restJSON(service: "lambda", region: region, path: "\(path)/policy",
                                                       operation: "GetPolicy")
            return try JSONValue.policyDocument(answer["Policy"]?.stringValue)
        }, absentCodes: ["ResourceNotFoundException"])
        bag.set("functionUrl", await ctx.attempt {
            let u = try await ctx.client.restJSON(service: "lambda", region: region,
                                                  path: "/2021-10-31/functions/\(name)/url",
                                                  operation: "GetFunctionUrlConfig")
            return ["url": .field(u["FunctionUrl"]), "authType": .field(u["AuthType"]), "cors": .field(u["Cors"]),
                    "invokeMode": .field(u["InvokeMode"])]
        }, absentCodes: ["ResourceNotFoundException"])
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.lambda.function", name: name)
    }

    /// The environment without its values: names, which secret patterns each `NAME=value` matches, the access
    /// key ids in the values, and one SHA-256 over the canonical variables (to see a change). Null when the
    /// function has no environment.
    static func environment(_ variables: [String: JSONValue]?) -> JSONValue {
        guard let variables else { return .null }
        let names = variables.keys.sorted()
        var findings: [JSONValue] = []
        for n in names {
            let found = SecretScan.findings(in: "\(n)=\(variables[n]?.stringValue ?? "")")
            if !found.isEmpty { findings.append(["name": .string(n), "patterns": .array(found.map { .string($0) })]) }
        }
        let canonical = String(decoding: JSONValue.object(variables).canonicalData(), as: UTF8.self)
        let keyIds = SecretScan.accessKeyIds(in: names.map { variables[$0]?.stringValue ?? "" })
        return ["variableNames": .array(names.map { .string($0) }), "secretFindings": .array(findings),
                "accessKeyIds": .array(keyIds.map { .string($0) }), "sha256": .string(SecretScan.sha256(canonical))]
    }

    /// The API's description with environment variable values replaced: `raw` must not carry secrets.
    static func redacted(_ f: JSONValue) -> JSONValue {
        guard case .object(var o) = f, case .object(var env)? = o["Environment"],
              let variables = env["Variables"]?.objectValue else { return f }
        env["Variables"] = .object(variables.mapValues { _ in "<redacted>" })
        o["Environment"] = .object(env)
        return .object(o)
    }
}
