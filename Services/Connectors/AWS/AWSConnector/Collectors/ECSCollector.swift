import Foundation
import PalisadeModel

/// ECS task definitions (how containers run: privileges, roles, environment, logging) and clusters.
public struct ECSCollector: AWSCollector {
    public static let service = "ecs"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.ecs.task_definition", "aws.ecs.cluster"]
    public static let permissions = [
        "ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition", "ecs:ListClusters", "ecs:DescribeClusters",
    ]
    static let target = "AmazonEC2ContainerServiceV20141113"

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, ["aws.ecs.task_definition"]) {
                let arns = try await list(region, "ListTaskDefinitions", "taskDefinitionArns", ["status": "ACTIVE"])
                await ctx.forEach(arns.compactMap(\.stringValue), emit: emit) { await taskDefinition($0, region: region) }
            },
            await ctx.scope(Self.service, region, ["aws.ecs.cluster"]) {
                let arns = try await list(region, "ListClusters", "clusterArns", [:]).compactMap(\.stringValue)
                // DescribeClusters takes up to 100 clusters per call.
                for start in stride(from: 0, to: arns.count, by: 100) {
                    let batch = Array(arns[start..<min(start + 100, arns.count)])
                    for cluster in await clusters(batch, region: region) { await emit(cluster) }
                }
            },
        ]
    }

    private func list(_ region: String, _ action: String, _ list: String, _ body: [String: JSONValue]) async throws
        -> [JSONValue] {
        try await ctx.client.jsonList(service: "ecs", region: region, target: Self.target, action: action, list: list,
                                      body: body, tokenIn: "nextToken")
    }

    func taskDefinition(_ arn: String, region: String) async -> Resource {
        let name = AWSJSON.lastComponent(arn)
        switch await ctx.attempt({
            try await ctx.client.json(service: "ecs", region: region, target: Self.target, action: "DescribeTaskDefinition",
                                      body: ["taskDefinition": .string(arn), "include": ["TAGS"]])
        }) {
        case .success(let page):
            let td = page["taskDefinition"] ?? [:]
            return Resource(id: arn, account: ctx.account, region: region, type: "aws.ecs.task_definition", name: name,
                            tags: AWSJSON.tags(page["tags"]), properties: Self.taskDefinitionProperties(td))
        case .failure(let e):
            var bag = PropertyBag()
            bag["taskDefinitionArn"] = .string(arn)
            for key in Self.detailKeys { bag.unknown[key] = e.reason }
            return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.ecs.task_definition", name: name)
        }
    }

    /// Properties read from DescribeTaskDefinition; unknown together when that call fails.
    static let detailKeys = ["family", "revision", "networkMode", "taskRoleArn", "executionRoleArn", "containers",
                             "requiresCompatibilities", "raw"]

    static func taskDefinitionProperties(_ td: JSONValue) -> JSONValue {
        let containers = td["containerDefinitions"]?.arrayValue ?? []
        return [
            "taskDefinitionArn": AWSJSON.value(td["taskDefinitionArn"]),
            "family": AWSJSON.value(td["family"]),
            "revision": AWSJSON.number(td["revision"]),
            "status": AWSJSON.value(td["status"]),
            "networkMode": AWSJSON.value(td["networkMode"]),
            "taskRoleArn": .optionalString(AWSJSON.string(td["taskRoleArn"])),
            "executionRoleArn": .optionalString(AWSJSON.string(td["executionRoleArn"])),
            "requiresCompatibilities": td["requiresCompatibilities"] ?? [],
            "containers": .array(containers.map(container)),
            "raw": redacted(td),
        ]
    }

    static func container(_ c: JSONValue) -> JSONValue {
        let environment = c["environment"]?.arrayValue ?? []
        var findings: [JSONValue] = []
        for variable in environment {
            let name = variable["name"]?.stringValue ?? ""
            // Scanned as NAME=value so that name-anchored patterns (aws_secret_access_key=...) match too.
            let found = SecretScan.findings(in: "\(name)=\(variable["value"]?.stringValue ?? "")")
            if !found.isEmpty { findings.append(["name": .string(name), "patterns": .array(found.map { .string($0) })]) }
        }
        return [
            "name": AWSJSON.value(c["name"]),
            "image": AWSJSON.value(c["image"]),
            // ContainerDefinition documents both as optional with Docker's default: omitted means the container
            // runs unprivileged and with a writable root filesystem, so absence is `false` here, not unknown.
            "privileged": .bool(c["privileged"]?.boolValue ?? false),
            "readonlyRootFilesystem": .bool(c["readonlyRootFilesystem"]?.boolValue ?? false),
            // Omitted: the image's USER (often root).
            "user": .optionalString(AWSJSON.string(c["user"])),
            "environmentNames": .array(environment.compactMap { $0["name"] }),
            "environmentSecretFindings": .array(findings),
            "environmentAccessKeyIds": .array(SecretScan.accessKeyIds(in: environment.map {
                $0["value"]?.stringValue ?? ""
            }).map { .string($0) }),
            "secrets": .array((c["secrets"]?.arrayValue ?? []).map {
                ["name": AWSJSON.value($0["name"]), "valueFrom": AWSJSON.value($0["valueFrom"])]
            }),
            "logDriver": .optionalString(AWSJSON.string(c["logConfiguration"]?["logDriver"])),
            "portMappings": .array((c["portMappings"]?.arrayValue ?? []).map {
                ["containerPort": AWSJSON.number($0["containerPort"]), "hostPort": AWSJSON.number($0["hostPort"]),
                 "protocol": AWSJSON.value($0["protocol"])]
            }),
        ]
    }

    /// The task definition as described, minus environment variable values (each replaced by its SHA-256).
    static func redacted(_ td: JSONValue) -> JSONValue {
        guard case .object(var object) = td, let containers = td["containerDefinitions"]?.arrayValue else { return td }
        object["containerDefinitions"] = .array(containers.map { c in
            guard case .object(var co) = c, let env = c["environment"]?.arrayValue else { return c }
            co["environment"] = .array(env.map { v in
                ["name": AWSJSON.value(v["name"]), "valueSha256": .string(SecretScan.sha256(v["value"]?.stringValue ?? ""))]
            })
            return .object(co)
        })
        return .object(object)
    }

    func clusters(_ arns: [String], region: String) async -> [Resource] {
        let result = await ctx.attempt {
            try await ctx.client.json(service: "ecs", region: region, target: Self.target, action: "DescribeClusters",
                                      body: ["clusters": .array(arns.map { .string($0) }), "include": ["SETTINGS", "TAGS"]])
        }
        let described = (try? result.get())?["clusters"]?.arrayValue ?? []
        return arns.map { arn in
            var bag = PropertyBag()
            bag["clusterArn"] = .string(arn)
            bag["clusterName"] = .string(AWSJSON.lastComponent(arn))
            guard let c = described.first(where: { $0["clusterArn"]?.stringValue == arn }) else {
                let why: String
                if case .failure(let e) = result { why = e.reason } else { why = "DescribeClusters did not return it" }
                for key in ["status", "containerInsights", "raw"] { bag.unknown[key] = why }
                return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.ecs.cluster",
                                    name: AWSJSON.lastComponent(arn))
            }
            bag["status"] = AWSJSON.value(c["status"])
            // With include=SETTINGS AWS always lists containerInsights ("enabled", "enhanced" or "disabled");
            // null only if a response leaves it out.
            let insights = c["settings"]?.arrayValue?.first { $0["name"] == "containerInsights" }?["value"]
            bag["containerInsights"] = AWSJSON.value(insights)
            bag["activeServicesCount"] = AWSJSON.number(c["activeServicesCount"])
            bag["runningTasksCount"] = AWSJSON.number(c["runningTasksCount"])
            bag["raw"] = c
            return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.ecs.cluster",
                                name: c["clusterName"]?.stringValue ?? AWSJSON.lastComponent(arn), tags: AWSJSON.tags(c["tags"]))
        }
    }
}
