import Foundation
import PalisadeModel

/// Route 53 hosted zones (public or private, query logging, DNSSEC) and their record sets, which dangling-DNS
/// checks read. Records are bounded per zone (`maxRecordsPerZone`); a zone whose `recordSetCount` is larger
/// was cut short.
public struct Route53Collector: AWSCollector {
    public static let service = "route53"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.route53.hosted_zone", "aws.route53.record_set"]
    public static let permissions = [
        "route53:ListHostedZones", "route53:ListQueryLoggingConfigs", "route53:GetDNSSEC",
        "route53:ListTagsForResource", "route53:ListResourceRecordSets",
    ]
    static let api = "/2013-04-01"

    let ctx: CollectorContext
    /// Records fetched per ListResourceRecordSets call (AWS: at most 300).
    var pageSize = 300
    /// At most this many record sets are emitted per zone.
    var maxRecordsPerZone = 10_000

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    init(_ ctx: CollectorContext, pageSize: Int, maxRecordsPerZone: Int = 10_000) {
        self.ctx = ctx
        self.pageSize = pageSize
        self.maxRecordsPerZone = maxRecordsPerZone
    }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        let zones = await ctx.attempt { try await hostedZones() }
        return [
            await ctx.scope(Self.service, "global", ["aws.route53.hosted_zone"]) {
                let list = try zones.get()
                let logging = await ctx.attempt { try await queryLoggingConfigs() }
                await ctx.forEach(list, emit: emit) { await zone($0, logging: logging) }
            },
            await ctx.scope(Self.service, "global", ["aws.route53.record_set"]) {
                for z in try zones.get() {
                    for record in try await recordSets(z) { await emit(record) }
                }
            },
        ]
    }

    private func get(_ path: String, _ query: [(String, String)] = [], _ operation: String) async throws -> XMLNode {
        try await ctx.client.restXML(service: "route53", region: "us-east-1", path: Self.api + path, query: query,
                                     operation: operation)
    }

    func hostedZones() async throws -> [XMLNode] {
        var zones: [XMLNode] = []
        var marker: String?
        repeat {
            let doc = try await get("/hostedzone", marker.map { [("marker", $0)] } ?? [], "ListHostedZones")
            zones += doc.at("HostedZones")?.children("HostedZone") ?? []
            marker = doc.bool("IsTruncated") == true ? doc.string("NextMarker") : nil
        } while marker != nil
        return zones
    }

    /// Every query logging configuration of the account (one listing, not one per zone), by zone id.
    func queryLoggingConfigs() async throws -> [String: String] {
        var byZone: [String: String] = [:]
        var token: String?
        repeat {
            let doc = try await get("/queryloggingconfig", token.map { [("nexttoken", $0)] } ?? [], "ListQueryLoggingConfigs")
            for c in doc.at("QueryLoggingConfigs")?.children("QueryLoggingConfig") ?? [] {
                if let zone = c.string("HostedZoneId") { byZone[zone] = c.string("CloudWatchLogsLogGroupArn") ?? "" }
            }
            token = doc.string("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return byZone
    }

    static func zoneID(_ z: XMLNode) -> String { AWSJSON.lastComponent(z.string("Id") ?? "") }

    func zone(_ z: XMLNode, logging: Result<[String: String], AWSError>) async -> Resource {
        let id = Self.zoneID(z)
        let isPrivate = z.bool("Config/PrivateZone") ?? false
        var bag = PropertyBag()
        bag["hostedZoneId"] = .string(id)
        bag["name"] = .optionalString(z.string("Name"))
        bag["privateZone"] = .bool(isPrivate)
        bag["comment"] = .optionalString(z.string("Config/Comment").flatMap { $0.isEmpty ? nil : $0 })
        bag["recordSetCount"] = z.int("ResourceRecordSetCount").map { .number(Double($0)) } ?? .null
        switch logging {
        case .success(let byZone):
            bag["queryLoggingEnabled"] = .bool(byZone[id] != nil)
            bag["queryLoggingLogGroupArn"] = .optionalString(byZone[id])
        case .failure(let e):
            bag.unknown["queryLoggingEnabled"] = e.reason
            bag.unknown["queryLoggingLogGroupArn"] = e.reason
        }
        if isPrivate {
            bag["dnssecStatus"] = .null  // DNSSEC signing exists for public zones only.
        } else {
            bag.set("dnssecStatus", await ctx.attempt {
                .optionalString(try await get("/hostedzone/\(id)/dnssec", [], "GetDNSSEC").string("Status/ServeSignature"))
            })
        }
        var tags: [String: String] = [:]
        switch await ctx.attempt({ try await get("/tags/hostedzone/\(id)", [], "ListTagsForResource") }) {
        case .success(let doc):
            for t in doc.at("ResourceTagSet/Tags")?.children("Tag") ?? [] {
                if let k = t.string("Key") { tags[k] = t.string("Value") ?? "" }
            }
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        bag["raw"] = z.jsonValue
        return bag.resource(id: "arn:aws:route53:::hostedzone/\(id)", account: ctx.account, region: "global",
                            type: "aws.route53.hosted_zone", name: z.string("Name") ?? id, tags: tags)
    }

    /// The zone's record sets, followed through name/type/identifier pages, at most `maxRecordsPerZone`.
    func recordSets(_ z: XMLNode) async throws -> [Resource] {
        let id = Self.zoneID(z)
        var records: [Resource] = []
        var next: [(String, String)] = []
        repeat {
            let doc = try await get("/hostedzone/\(id)/rrset", [("maxitems", String(pageSize))] + next,
                                    "ListResourceRecordSets")
            for r in doc.at("ResourceRecordSets")?.children("ResourceRecordSet") ?? [] {
                if records.count >= maxRecordsPerZone { return records }
                records.append(recordSet(r, zone: z))
            }
            next = []
            if doc.bool("IsTruncated") == true, let name = doc.string("NextRecordName") {
                next = [("name", name)] + (doc.string("NextRecordType").map { [("type", $0)] } ?? [])
                    + (doc.string("NextRecordIdentifier").map { [("identifier", $0)] } ?? [])
            }
        } while !next.isEmpty
        return records
    }

    func recordSet(_ r: XMLNode, zone z: XMLNode) -> Resource {
        let zoneID = Self.zoneID(z)
        let name = r.string("Name") ?? ""
        let type = r.string("Type") ?? ""
        let setID = r.string("SetIdentifier")
        var bag = PropertyBag()
        bag["name"] = .string(name)
        bag["type"] = .string(type)
        bag["hostedZoneId"] = .string(zoneID)
        bag["zoneName"] = .optionalString(z.string("Name"))
        bag["privateZone"] = .bool(z.bool("Config/PrivateZone") ?? false)
        bag["ttl"] = r.int("TTL").map { .number(Double($0)) } ?? .null
        bag["values"] = .array((r.at("ResourceRecords")?.children("ResourceRecord") ?? []).compactMap {
            $0.string("Value").map { .string($0) }
        })
        bag["aliasTarget"] = r.at("AliasTarget").map {
            ["dnsName": .optionalString($0.string("DNSName")), "hostedZoneId": .optionalString($0.string("HostedZoneId")),
             "evaluateTargetHealth": $0.bool("EvaluateTargetHealth").map { .bool($0) } ?? .null]
        } ?? .null
        bag["setIdentifier"] = .optionalString(setID)
        bag["raw"] = r.jsonValue
        let id = "arn:aws:route53:::hostedzone/\(zoneID)/recordset/\(name)/\(type)" + (setID.map { "/\($0)" } ?? "")
        return bag.resource(id: id, account: ctx.account, region: "global", type: "aws.route53.record_set",
                            name: "\(name) \(type)")
    }
}
