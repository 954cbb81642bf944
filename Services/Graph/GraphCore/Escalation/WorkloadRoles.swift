import PalisadeModel

/// The roles a workload runs with, and the element that gives it each one: an instance's or launch template's
/// instance profile, a Lambda function's execution role, an ECS task definition's task and execution roles, and
/// the service role of the other workloads escalation methods act on (stacks, build projects, …). Roles missing
/// from the inventory are left out (there is no node to point at).
struct WorkloadRole: Sendable, Hashable {
    var role: String
    /// `instance_profile`, `execution_role`, `task_role`, `service_role`.
    var kind: String
    /// The resource that carries the link (the instance profile, or the workload itself).
    var source: String
    var detail: String
    var fix: String?
}

enum WorkloadRoles {
    /// Properties naming the role of workloads that are not instances, templates, functions or task definitions.
    static let serviceRoleKeys = ["roleArn", "roleARN", "serviceRole", "instanceRoleArn", "instanceConfiguration.instanceRoleArn"]

    static func of(_ r: Resource, in index: ResourceIndex) -> [WorkloadRole] {
        var out: [WorkloadRole] = []
        func add(_ arn: String?, _ kind: String, _ source: String, _ detail: String, fix: String? = nil) {
            guard let arn, index.byID[arn]?.type == "aws.iam.role" else { return }
            let link = WorkloadRole(role: arn, kind: kind, source: source, detail: detail, fix: fix)
            if !out.contains(link) { out.append(link) }
        }
        switch r.type {
        case "aws.ec2.instance", "aws.ec2.launch_template":
            let profileArn = r.type == "aws.ec2.instance" ? r.properties["iamInstanceProfileArn"]?.stringValue
                : r.properties["iamInstanceProfile"]?["arn"]?.stringValue
            guard let profileArn, let profile = index.byID[profileArn] else { break }
            let id = r.properties[r.type == "aws.ec2.instance" ? "instanceId" : "launchTemplateId"]?.stringValue ?? r.id
            for role in (profile.properties["roleArns"]?.arrayValue ?? []).compactMap(\.stringValue) {
                add(role, "instance_profile", profile.id, "instance profile \(profile.name) of \(r.name)",
                    fix: "instance-profile:\(id)")
            }
        case "aws.lambda.function":
            add(r.properties["role"]?.stringValue, "execution_role", r.id, "execution role of function \(r.name)")
        case "aws.ecs.task_definition":
            add(r.properties["taskRoleArn"]?.stringValue, "task_role", r.id, "task role of task definition \(r.name)")
            add(r.properties["executionRoleArn"]?.stringValue, "execution_role", r.id,
                "execution role of task definition \(r.name)")
        default:
            for key in serviceRoleKeys {
                let value = key.split(separator: ".").reduce(Optional(r.properties)) { v, k in v?[String(k)] }
                add(value?.stringValue, "service_role", r.id, "service role of \(r.name)")
            }
        }
        return out
    }
}
