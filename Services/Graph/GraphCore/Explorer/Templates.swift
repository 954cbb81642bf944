import PalisadeModel

/// The built-in templates, named after the questions of Defender's Cloud Security Explorer. They are Swift data
/// rather than a resource file: they ship inside the graph service with nothing to locate at run time, and
/// `ExplorerTemplateTests` parses and runs every one against a built estate (docs/explorer.md § Templates).
extension ExplorerTemplate {
    static let anyRegion = Parameter("region", "only resources in this region (null: every region)", default: .null)

    public static let builtIn: [ExplorerTemplate] = [
        ExplorerTemplate(
            name: "internet-exposed-instances-with-high-severity-findings",
            title: "Internet-exposed VM instances with high severity findings",
            description: "EC2 instances the internet can open a connection to that also fail high or critical checks.",
            parameters: [anyRegion],
            query: """
                MATCH (:Internet)-[e:EXPOSES]->(i:Ec2Instance {highSeverityFindings: true})
                WHERE e.unknown IS NULL AND ($region IS NULL OR i.region = $region)
                RETURN i.name AS instance, i.region AS region, e.ports AS ports, i.findings AS findings
                ORDER BY instance
                """),
        ExplorerTemplate(
            name: "instances-with-management-ports-open-to-the-internet",
            title: "VM instances with management ports open to the internet",
            description: "EC2 instances exposed to the internet on a management port (SSH, RDP by default), port ranges included.",
            parameters: [Parameter("ports", "the management ports", default: [22, 3389])],
            query: """
                MATCH (:Internet)-[e:EXPOSES]->(i:Ec2Instance)
                WHERE e.unknown IS NULL AND any(p IN e.ports WHERE p = 'all' OR (split(p, '/')[0] = 'tcp' AND any(port IN $ports WHERE
                        toInteger(head(split(split(p, '/')[1], '-'))) <= port
                        AND port <= toInteger(last(split(split(p, '/')[1], '-'))))))
                RETURN i.name AS instance, i.region AS region, e.ports AS ports
                ORDER BY instance
                """),
        ExplorerTemplate(
            name: "internet-exposed-resources",
            title: "Resources exposed to the internet",
            description: "Everything the internet reaches directly: instances, databases, load balancers, function URLs, clusters; an exposure the configuration could not decide says why in `unknown`.",
            parameters: [anyRegion],
            query: """
                MATCH (:Internet)-[e:EXPOSES]->(r)
                WHERE $region IS NULL OR r.region = $region
                RETURN r.name AS resource, labels(r)[0] AS type, e.ports AS ports, e.unknown AS unknown
                ORDER BY type, resource
                """),
        ExplorerTemplate(
            name: "principals-that-can-read-sensitive-buckets",
            title: "Principals that can read sensitive S3 buckets",
            description: "Users, roles and outside principals with read access to a bucket holding sensitive data.",
            parameters: [Parameter("bucket", "a regular expression the bucket name must match", default: ".*")],
            query: """
                MATCH (p)-[e:CAN_READ]->(b:S3Bucket {sensitive: true})
                WHERE b.name =~ $bucket AND e.unknown IS NULL
                RETURN p.name AS principal, labels(p)[0] AS type, b.name AS bucket, e.conditional AS conditional
                ORDER BY bucket, principal
                """),
        ExplorerTemplate(
            name: "roles-assumable-from-outside-the-account",
            title: "Roles that can be assumed from outside the account",
            description: "Roles whose trust admits another account or anyone, with the conditions that trust depends on.",
            query: """
                MATCH (x)-[e:CAN_ASSUME]->(r:IamRole)
                WHERE x.kind IN ['aws.external_account', 'aws.any_principal']
                   OR (x.kind IN ['aws.iam.user', 'aws.iam.role'] AND x.account <> r.account)
                RETURN r.name AS role, x.id AS trusted, e.conditional AS conditional, e.conditions AS conditions
                ORDER BY role, trusted
                """),
        ExplorerTemplate(
            name: "escalation-paths-to-admin",
            title: "Privilege escalation paths to account administration",
            description: "Principals that are not administrators but can become one: escalation methods, assumed roles and keys, up to four steps.",
            parameters: [Parameter("principal", "a regular expression the starting principal's name must match", default: ".*")],
            query: """
                MATCH p = (start:Principal {admin: false})-[:CAN_ESCALATE|CAN_ASSUME|CAN_AUTHENTICATE_AS|ADMINISTERS*1..4]->(:Account)
                WHERE start.name =~ $principal AND any(r IN relationships(p) WHERE type(r) = 'CAN_ESCALATE')
                  AND all(r IN relationships(p) WHERE r.unknown IS NULL)
                WITH start, p ORDER BY length(p)
                WITH start, collect(p) AS paths
                RETURN start.name AS principal, length(head(paths)) AS steps,
                       [r IN relationships(head(paths)) WHERE r.method IS NOT NULL | r.method] AS methods,
                       size(paths) AS paths
                ORDER BY principal
                """),
        ExplorerTemplate(
            name: "public-data-stores",
            title: "Data stores open to the public",
            description: "Buckets, databases and other stores that anyone may read or write, sensitive ones first.",
            query: """
                MATCH (d:DataStore {publicAccess: true})
                OPTIONAL MATCH (:AnyPrincipal)-[e:CAN_READ|CAN_WRITE]->(d)
                RETURN d.name AS store, labels(d)[0] AS type, d.sensitive AS sensitive, collect(DISTINCT type(e)) AS access
                ORDER BY sensitive DESC, store
                """),
        ExplorerTemplate(
            name: "sensitive-data-reachable-from-the-internet-without-customer-managed-key",
            title: "Sensitive data reachable from the internet and not encrypted with a customer-managed key",
            description: "Sensitive data stores an internet attacker can reach through exposed compute and its roles, that no customer-managed KMS key in the graph encrypts.",
            query: """
                MATCH p = (:Internet)-[:EXPOSES|FORWARDS_TO|CAN_REACH|HAS_ROLE|CAN_ASSUME*1..4]->(x)-[:CAN_READ|CAN_WRITE]->(d:DataStore {sensitive: true})
                WHERE all(r IN relationships(p) WHERE r.unknown IS NULL)
                OPTIONAL MATCH (k:KmsKey)-[:ENCRYPTS]->(d)
                WITH d, count(k) AS keys, min(length(p)) AS hops
                WHERE keys = 0
                RETURN d.name AS store, labels(d)[0] AS type, hops
                ORDER BY hops, store
                """),
        ExplorerTemplate(
            name: "sensitive-data-reachable-from-the-internet",
            title: "Sensitive data reachable from the internet",
            description: "Sensitive data stores an internet attacker can read or write through exposed compute, its roles and the roles they assume.",
            query: """
                MATCH p = (:Internet)-[:EXPOSES|FORWARDS_TO|CAN_REACH|HAS_ROLE|CAN_ASSUME*1..4]->(x)-[a:CAN_READ|CAN_WRITE]->(d:DataStore {sensitive: true})
                WHERE all(r IN relationships(p) WHERE r.unknown IS NULL)
                WITH d, nodes(p)[1] AS entry, collect(DISTINCT type(a)) AS access, min(length(p)) AS hops
                RETURN d.name AS store, entry.name AS entry, access, hops
                ORDER BY store, entry
                """),
        ExplorerTemplate(
            name: "leaked-credentials",
            title: "Resources holding leaked access keys",
            description: "Instances, launch templates, functions and task definitions whose configuration holds an active access key id of an IAM user.",
            query: """
                MATCH (h)-[e:CAN_AUTHENTICATE_AS]->(u:IamUser)
                RETURN h.name AS holder, labels(h)[0] AS type, u.name AS user, u.admin AS admin, e.fixes AS fixes
                ORDER BY holder, user
                """),
        ExplorerTemplate(
            name: "secrets-readable-from-internet-exposed-compute",
            title: "Secrets readable from internet-exposed compute",
            description: "Secrets Manager secrets that the role of an internet-exposed workload (or a role it can assume) can read.",
            query: """
                MATCH p = (:Internet)-[:EXPOSES]->(c)-[:HAS_ROLE]->(:IamRole)-[:CAN_ASSUME*0..2]->(role:IamRole)-[:CAN_GET_SECRET]->(s)
                WHERE all(r IN relationships(p) WHERE r.unknown IS NULL)
                RETURN DISTINCT c.name AS compute, role.name AS role, s.name AS secret
                ORDER BY compute, secret
                """),
        ExplorerTemplate(
            name: "kms-keys-protecting-sensitive-data",
            title: "KMS keys protecting sensitive data",
            description: "Customer-managed keys that encrypt sensitive stores or secrets, with who can decrypt with them.",
            query: """
                MATCH (k:KmsKey {protectsSensitiveData: true})
                OPTIONAL MATCH (k)-[:ENCRYPTS]->(d)
                WITH k, collect(DISTINCT d.name) AS protects
                OPTIONAL MATCH (p)-[:CAN_DECRYPT]->(k)
                RETURN k.name AS key, protects, collect(DISTINCT p.name) AS decryptors
                ORDER BY key
                """),
        ExplorerTemplate(
            name: "conditional-permissions",
            title: "Permissions that depend on a condition",
            description: "Edges the configuration cannot decide (ExternalId, source IP, MFA, …): who, what, and the clauses.",
            parameters: [Parameter("types", "relationship types to list (empty: all)", default: [])],
            query: """
                MATCH (p)-[e]->(t)
                WHERE e.conditional AND (size($types) = 0 OR type(e) IN $types)
                RETURN p.name AS principal, type(e) AS relationship, t.name AS target, e.conditions AS conditions
                ORDER BY principal, relationship, target
                """),
        ExplorerTemplate(
            name: "account-administrators",
            title: "Principals with administrative access",
            description: "Users and roles whose effective permissions administer the account.",
            query: """
                MATCH (p:Principal)-[e:ADMINISTERS]->(a:Account)
                RETURN p.name AS principal, labels(p)[0] AS type, a.account AS account, e.evidence AS evidence
                ORDER BY principal
                """),
        ExplorerTemplate(
            name: "users-with-console-access-without-mfa",
            title: "Users with console access and no MFA",
            description: "IAM users with a console password and no MFA device, and whether they administer the account.",
            query: """
                MATCH (u:IamUser {mfaMissing: true})
                OPTIONAL MATCH (u)-[a:ADMINISTERS]->(:Account)
                RETURN u.name AS user, count(a) > 0 AS admin
                ORDER BY user
                """),
        ExplorerTemplate(
            name: "internet-exposed-compute-with-admin-roles",
            title: "Internet-exposed compute running with an administrator role",
            description: "Exposed instances, functions and clusters whose role administers the account: one exploit from takeover.",
            query: """
                MATCH (:Internet)-[x:EXPOSES]->(c)-[:HAS_ROLE]->(r:IamRole)-[:ADMINISTERS]->(:Account)
                WHERE x.unknown IS NULL
                RETURN c.name AS compute, labels(c)[0] AS type, r.name AS role
                ORDER BY compute
                """),
        ExplorerTemplate(
            name: "lateral-movement-from-internet-exposed-instances",
            title: "Lateral movement from internet-exposed instances",
            description: "Resources an exposed instance can open connections to inside its VPC, and on which ports.",
            parameters: [anyRegion],
            query: """
                MATCH (:Internet)-[x:EXPOSES]->(a)-[e:CAN_REACH]->(b)
                WHERE x.unknown IS NULL AND e.unknown IS NULL AND ($region IS NULL OR a.region = $region)
                RETURN a.name AS exposed, b.name AS reaches, e.ports AS ports
                ORDER BY exposed, reaches
                """),
        ExplorerTemplate(
            name: "data-writable-from-internet-exposed-compute",
            title: "Data stores writable from internet-exposed compute",
            description: "Stores the role of an internet-exposed workload can write to (tamper or ransom).",
            query: """
                MATCH (:Internet)-[x:EXPOSES]->(c)-[:HAS_ROLE]->(r:IamRole)-[w:CAN_WRITE]->(d:DataStore)
                WHERE x.unknown IS NULL AND w.unknown IS NULL
                RETURN c.name AS compute, r.name AS role, d.name AS store, d.sensitive AS sensitive
                ORDER BY compute, store
                """),
    ]
}
