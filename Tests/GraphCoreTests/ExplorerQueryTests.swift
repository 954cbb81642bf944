import GraphCore
import PalisadeModel
import Testing

/// Every construct of the language against the small known graph (`Small`), with the exact rows expected.
@Suite struct ExplorerQueryTests {
    typealias R = [[JSONValue]]

    @Test func labelsAndPropertyMaps() throws {
        #expect(try Small.rows("MATCH (n:Ec2Instance {region: 'us-east-1'}) RETURN n.name ORDER BY n.name")
            == [["batch-1"], ["web-1"]])
        #expect(try Small.rows("MATCH (n:`aws.ec2.instance` {internetExposed: true}) RETURN n.name ORDER BY n.name DESC")
            == [["web-2"], ["web-1"]])
        #expect(try Small.rows("MATCH (p:Principal) RETURN p.name, labels(p) ORDER BY p.name")
            == [["admin-role", ["IamRole", "Principal"]], ["alice", ["IamUser", "Principal"]],
                ["app-role", ["IamRole", "Principal"]]])
        #expect(try Small.rows("MATCH (d:DataStore {sensitive: true}) RETURN d.name, d.sensitiveReason")
            == [["customer-data", "tag data-classification=confidential"]])
    }

    @Test func directions() throws {
        #expect(try Small.rows("MATCH (a {name: 'web-1'})-[:CAN_REACH]-(b) RETURN b.name") == [["batch-1"]])
        #expect(try Small.rows("MATCH (b {name: 'batch-1'})<-[:CAN_REACH]-(a) RETURN a.name") == [["web-1"]])
        #expect(try Small.rows("MATCH (b {name: 'batch-1'})-[:CAN_REACH]->(a) RETURN a.name") == [])
        #expect(try Small.rows("MATCH (b {name: 'batch-1'})--(x) RETURN x.name ORDER BY x.name")
            == [["admin-role"], ["web-1"]])
    }

    @Test func alternativeTypesAndTypeNames() throws {
        #expect(try Small.rows("""
            MATCH (r:IamRole {name: 'app-role'})-[e:CAN_READ|CAN_GET_SECRET]->(d) RETURN type(e), d.name ORDER BY d.name
            """) == [["CAN_READ", "customer-data"], ["CAN_GET_SECRET", "db-password"]])
        #expect(try Small.rows("MATCH (:IamRole {name: 'app-role'})-[e:can_read]->(d) RETURN d.name") == [["customer-data"]])
    }

    @Test func variableLengthNamedPathsAndPathFunctions() throws {
        let q = """
            MATCH p = (:Internet)-[:EXPOSES|HAS_ROLE|CAN_ASSUME|CAN_REACH*1..4]->(r:IamRole {admin: true})
            RETURN length(p) AS hops, nodes(p)[2].name AS via, size(relationships(p)) AS rels ORDER BY via
            """
        #expect(try Small.rows(q) == [[3, "app-role", 3], [3, "batch-1", 3]])
        #expect(try Small.rows("""
            MATCH p = (:Internet)-[*1..4]->(r:IamRole {admin: true})
            WHERE any(e IN relationships(p) WHERE e.conditional) RETURN nodes(p)[2].name
            """) == [["app-role"]])
        #expect(try Small.rows("""
            MATCH p = (:Internet)-[*1..4]->(r:IamRole {admin: true})
            WHERE all(e IN relationships(p) WHERE NOT e.conditional) RETURN nodes(p)[1].name, nodes(p)[2].name
            """)
            == [["web-1", "batch-1"]])
        #expect(try Small.rows("MATCH (a {name: 'alice'})-[*2..2]->(x) RETURN x.name ORDER BY x.name")
            == [["account 111111111111"], ["admin-role"], ["customer-data"], ["db-password"], ["k-1"]])
        #expect(try Small.rows("MATCH (a {name: 'alice'})-[rs*0..1]->(x) RETURN x.name, size(rs) ORDER BY x.name")
            == [["admin-role", 1], ["alice", 0], ["app-role", 1]])
    }

    @Test func aVariableLengthPathWalkedBackwardsKeepsPatternOrder() throws {
        // The planner starts at the single Account node and walks left; the path still reads left to right.
        let q = """
            MATCH p = (u:Principal)-[:CAN_ESCALATE|ADMINISTERS*2..2]->(a:Account)
            RETURN nodes(p)[0].name, nodes(p)[1].name, nodes(p)[2].name
            """
        #expect(try Small.explorer.explain(q).first == "NodeByLabelScan (a:Account) on Account (1 nodes)")
        let rows = try Small.rows(q)
        #expect(rows == [["alice", "admin-role", "account 111111111111"]])
    }

    @Test func optionalMatchFillsNulls() throws {
        #expect(try Small.rows("""
            MATCH (i:Ec2Instance) OPTIONAL MATCH (i)-[:HAS_ROLE]->(r) RETURN i.name, r.name ORDER BY i.name
            """) == [["batch-1", "admin-role"], ["web-1", "app-role"], ["web-2", .null]])
        #expect(try Small.rows("""
            MATCH (i:Ec2Instance) OPTIONAL MATCH (i)-[:HAS_ROLE]->(r) WHERE r.admin
            WITH i, r WHERE r IS NULL RETURN i.name ORDER BY i.name
            """) == [["web-1"], ["web-2"]])
    }

    @Test func aggregationWithOrderSkipAndLimit() throws {
        let q = "MATCH ()-[e]->() WITH type(e) AS t, count(*) AS n RETURN t, n ORDER BY n DESC, t"
        #expect(try Small.rows(q + " LIMIT 2") == [["CAN_ASSUME", 2], ["EXPOSES", 2]])
        #expect(try Small.rows(q + " SKIP 1 LIMIT 2") == [["EXPOSES", 2], ["HAS_ROLE", 2]])
        #expect(try Small.rows("MATCH ()-[e]->() RETURN count(e)") == [[13]])
        #expect(try Small.rows("MATCH (x)-[:HAS_ROLE|CAN_ASSUME]->(r:IamRole) RETURN count(DISTINCT r) AS roles, count(*) AS edges")
            == [[2, 4]])
        #expect(try Small.rows("MATCH (i:Ec2Instance) WHERE i.internetExposed RETURN collect(i.name) AS names")
            == [[["web-1", "web-2"]]])
        #expect(try Small.rows("MATCH (n:S3Bucket {name: 'nothing'}) RETURN count(*), collect(n.name)") == [[0, []]])
        #expect(try Small.rows("""
            MATCH (i:Ec2Instance) RETURN i.region AS region, count(*) AS n, min(i.name) AS first, max(i.name) AS last
            ORDER BY region
            """) == [["eu-west-1", 1, "web-2", "web-2"], ["us-east-1", 2, "batch-1", "web-1"]])
        #expect(try Small.rows("MATCH (i:Ec2Instance) RETURN sum(size(i.exposedPorts)) AS ports, avg(size(i.exposedPorts)) AS mean")
            == [[3, 1.0]])
    }

    @Test func distinct() throws {
        #expect(try Small.rows("MATCH (i:Ec2Instance)-[:HAS_ROLE|CAN_REACH]->(x) RETURN DISTINCT i.region ORDER BY i.region")
            == [["us-east-1"]])
        #expect(try Small.rows("MATCH (i:Ec2Instance)-[:HAS_ROLE|CAN_REACH]->(x) RETURN i.region") == [["us-east-1"], ["us-east-1"], ["us-east-1"]])
    }

    @Test func booleanLogicAndComparisons() throws {
        #expect(try Small.rows("""
            MATCH (i:Ec2Instance) WHERE (i.region = 'us-east-1') XOR i.internetExposed RETURN i.name ORDER BY i.name
            """) == [["batch-1"], ["web-2"]])
        #expect(try Small.rows("MATCH (i:Ec2Instance) WHERE NOT i.internetExposed OR i.name = 'web-2' RETURN i.name ORDER BY i.name")
            == [["batch-1"], ["web-2"]])
        #expect(try Small.rows("MATCH (i:Ec2Instance) WHERE 'tcp/22' IN i.exposedPorts RETURN i.name") == [["web-1"]])
        #expect(try Small.rows("MATCH (n:Internet) RETURN n.region IS NULL, n.name IS NOT NULL, n.region = null") == [[true, true, .null]])
        #expect(try Small.rows("RETURN 1 < 2, 2 <= 2, 'a' > 'b', 3 >= 4, 1 <> 2, 1 = 1.0, null OR true, null AND false")
            == [[true, true, false, false, true, true, true, false]])
        #expect(try Small.rows("RETURN 7 % 3, 7 / 2, 7.0 / 2, 2 * 3 + 1, -(1 - 3), 'a' + 'b', [1] + [2]")
            == [[1, 3, 3.5, 7, 2, "ab", [1, 2]]])
    }

    @Test func stringPredicatesAndRegex() throws {
        #expect(try Small.rows("""
            MATCH (b:S3Bucket) WHERE b.name STARTS WITH 'cust' AND b.name ENDS WITH 'data' AND b.name CONTAINS 'omer'
              AND b.name =~ 'cust.*-d[a-z]+' RETURN b.name
            """) == [["customer-data"]])
        #expect(try Small.rows("RETURN 'logs' =~ 'log', 'logs' =~ 'log|logs', 'LOGS' =~ '(?i)logs'") == [[false, true, true]])
    }

    @Test func listPredicates() throws {
        #expect(try Small.rows("""
            MATCH (i:Ec2Instance) WHERE any(p IN i.exposedPorts WHERE p IN ['tcp/22', 'tcp/3389']) RETURN i.name
            """) == [["web-1"]])
        #expect(try Small.rows("""
            MATCH (i:Ec2Instance {internetExposed: true}) WHERE all(p IN i.exposedPorts WHERE p STARTS WITH 'tcp/4' OR p = 'tcp/22')
            RETURN i.name
            """) == [["web-1"]])
        #expect(try Small.rows("RETURN none(x IN [1, 2] WHERE x > 2), single(x IN [1, 2] WHERE x > 1), any(x IN [] WHERE true)")
            == [[true, true, false]])
    }

    @Test func listComprehensions() throws {
        #expect(try Small.rows("""
            MATCH p = (:Internet)-[*1..4]->(r:IamRole {admin: true})
            RETURN [n IN nodes(p) | n.name] AS names, [e IN relationships(p) WHERE e.conditional | type(e)] AS conditional
            ORDER BY names
            """) == [[["Internet", "web-1", "app-role", "admin-role"], ["CAN_ASSUME"]],
                     [["Internet", "web-1", "batch-1", "admin-role"], []]])
        #expect(try Small.rows("RETURN [x IN [1, 2, 3] WHERE x > 1], [x IN [1, 2] | x * 10]") == [[[2, 3], [10, 20]]])
    }

    @Test func parametersAndScalarFunctions() throws {
        #expect(try Small.rows("MATCH (n {name: $name}) RETURN id(n), labels(n), n.kind", ["name": "web-1"])
            == [[.string(Small.web1), ["Ec2Instance", "Compute"], "aws.ec2.instance"]])
        #expect(try Small.rows("MATCH (n) WHERE n.name IN $names RETURN n.name ORDER BY n.name", ["names": ["logs", "k-1"]])
            == [["k-1"], ["logs"]])
        #expect(try Small.rows("""
            RETURN toUpper('a'), toLower('B'), toString(3), toInteger('42'), toFloat('1.5'), coalesce(null, 'x'),
                   head([1, 2]), last([1, 2]), tail([1, 2]), size('abc'), split('a,b', ','), replace('a-b', '-', '+'),
                   trim(' x '), abs(-3), CASE WHEN 1 > 2 THEN 'no' ELSE 'yes' END
            """) == [["A", "b", "3", 42, 1.5, "x", 1, 2, [2], 3, ["a", "b"], "a+b", "x", 3, "yes"]])
    }

    @Test func relationshipProperties() throws {
        #expect(try Small.rows("MATCH (:IamUser)-[e:CAN_ESCALATE]->(r) RETURN e.method, e.permissions, r.name")
            == [["iam:PassRole+ec2:RunInstances", ["iam:PassRole", "ec2:RunInstances"], "admin-role"]])
        #expect(try Small.rows("MATCH (:Internet)-[e:EXPOSES {ports: ['tcp/80']}]->(i) RETURN i.name, e.evidence")
            == [["web-2", .string("internet exposes \(Small.web2)")]])
        #expect(try Small.rows("MATCH ()-[e:CAN_ASSUME {conditional: true}]->(r) RETURN e.conditions, e.fixes")
            == [[["StringEquals sts:ExternalId = [x]"], .array([.string("fix:can_assume:\(Small.adminRole)")])]])
        #expect(try Small.rows("MATCH (k:KmsKey)-[:ENCRYPTS]->(d) RETURN k.name, d.name") == [["k-1", "customer-data"]])
    }

    @Test func withStarAndReturnStar() throws {
        #expect(try Small.rows("MATCH (b:S3Bucket {name: 'logs'}) WITH * RETURN b.name") == [["logs"]])
        let r = try Small.explorer.run("MATCH (u:IamUser)-[e:CAN_ASSUME]->(r) RETURN *")
        #expect(r.columns == ["e", "r", "u"])
    }

    @Test func resultsRenderNodesRelationshipsAndPaths() throws {
        let r = try Small.explorer.run("MATCH p = (u:IamUser)-[e:CAN_ASSUME]->(r) RETURN u, e, p")
        #expect(r.columns == ["u", "e", "p"])
        let row = try #require(r.rows.first)
        #expect(row[0]["id"] == .string(Small.alice))
        #expect(row[0]["label"] == "IamUser")
        #expect(row[0]["name"] == "alice")
        #expect(row[0]["properties"]?["mfaMissing"] == true)
        #expect(row[1]["type"] == "CAN_ASSUME")
        #expect(row[1]["from"] == .string(Small.alice))
        #expect(row[1]["to"] == .string(Small.appRole))
        #expect(row[2].arrayValue?.count == 3)
        #expect(row[2][1]?["type"] == "CAN_ASSUME")
        #expect(row[2][2]?["name"] == "app-role")
    }

    @Test func columnsAreNamedAsWritten() throws {
        let r = try Small.explorer.run("MATCH (n:KmsKey) RETURN n.name, count(*), size(n.insights) AS insights")
        #expect(r.columns == ["n.name", "count(*)", "insights"])
        #expect(r.rows == [["k-1", 1, 1]])
    }

    @Test func errorsNameTheirCode() throws {
        let label = try #require(Small.error("MATCH (n:Ec2Instanse) RETURN n"))
        #expect(label.code == "graph.query.unknown-label")
        #expect(label.message.hasPrefix("line 1, column 7: unknown label 'Ec2Instanse'; did you mean 'Ec2Instance'?"))
        #expect(label.message.contains("Labels in this graph: Account, AnyPrincipal") == false)
        #expect(label.message.contains("Compute, DataStore, Ec2Instance, IamRole, IamUser, Internet, KmsKey"))
        let type = try #require(Small.error("MATCH (a)-[:CAN_RAED]->(b) RETURN a"))
        #expect(type.code == "graph.query.unknown-type")
        #expect(type.message.hasPrefix("line 1, column 10: unknown relationship type 'CAN_RAED'; did you mean 'CAN_READ'?"))
        let variable = try #require(Small.error("MATCH (node) RETURN nod.name"))
        #expect(variable.code == "graph.query.unknown-variable")
        #expect(variable.message == "line 1, column 21: variable 'nod' is not defined; did you mean 'node'? (in scope: node)")
        #expect(Small.error("MATCH (n) WITH n.name AS name RETURN n")?.code == "graph.query.unknown-variable")
        let parameter = try #require(Small.error("MATCH (n {name: $who}) RETURN n"))
        #expect(parameter.code == "graph.query.parameter")
        #expect(parameter.message == "parameter $who has no value; pass it (CLI: --param who=VALUE)")
        #expect(Small.error("RETURN 'a' - 1")?.code == "graph.query.type")
        #expect(Small.error("MATCH (n:KmsKey) WHERE n.name OR false RETURN n")?.message == "OR needs a boolean, not a string")
        #expect(Small.error("RETURN 1 / 0")?.message == "division by zero")
        #expect(Small.error("RETURN 'x' =~ '('")?.code == "graph.query.type")
        #expect(Small.error("MATCH (n) RETURN n LIMIT -1")?.code == "graph.query.type")
    }
}
