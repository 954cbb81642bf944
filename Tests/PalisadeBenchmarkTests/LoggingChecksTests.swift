import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

/// The logging family's checks where a fixture per case is not enough: CIS metric filter patterns matched by
/// content rather than spelling, the trail followed to its own log group, and relations that find nothing.
@Suite struct LoggingChecksTests {
    static let benchmark = try! Benchmark.load()

    func status(_ id: String, _ r: Resource, inventory: [Resource]) throws -> FindingStatus {
        let check = try #require(Self.benchmark.check(id: id))
        let related = Self.benchmark.resolver.resolve(check.relatedNames, for: r, in: InventoryIndex(inventory))
        return check.evaluate(r, related: related, now: Fixtures.now).0
    }

    /// An account like the monitored one whose `cloudtrail-logs` group holds `filters`, with alarms on them.
    func account(filters: [(metric: String, pattern: String)], filtersOn group: String = "cloudtrail-logs",
                 alarmActions: [JSONValue]? = nil) -> [Resource] {
        let a = "210000000009"
        let alarms = filters.map { f in
            alarmActions.map { Fixtures.alarm(a, metric: f.metric, ["alarmActions": .array($0)]) } ?? Fixtures.alarm(a, metric: f.metric)
        }
        var groups = [Fixtures.logGroup(a, name: group, filters: filters)]
        if group != "cloudtrail-logs" { groups.append(Fixtures.logGroup(a, name: "cloudtrail-logs", filters: [])) }
        return [Fixtures.accountResource(a), Fixtures.trail(a)] + groups + alarms
    }

    @Test func cisPatternsMatchWhateverTheirSpacingAndQuoting() throws {
        let squeezed = Fixtures.cisMetricFilters.map { f in
            (f.metric, f.pattern.replacingOccurrences(of: " = ", with: "=").replacingOccurrences(of: " != ", with: "!="))
        }
        let spread = Fixtures.cisMetricFilters.map { f in
            (f.metric, f.pattern.replacingOccurrences(of: "=", with: "  =  ").replacingOccurrences(of: "!  =", with: " !="))
        }
        for variant in [squeezed, spread] {
            let inv = account(filters: variant)
            for id in Fixtures.cisAlarmCheckIDs {
                #expect(try status(id, inv[0], inventory: inv) == .pass, "\(id) on \(variant)")
            }
        }
    }

    @Test func aPatternMissingOneEventFails() throws {
        var filters = Fixtures.cisMetricFilters
        filters[4].pattern = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) }"
        filters[12].pattern = filters[12].pattern.replacingOccurrences(of: "($.eventName = DeleteRoute) || ", with: "")
        filters[1].pattern = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed = \"Yes\") }"
        let inv = account(filters: filters)
        #expect(try status("aws-cloudwatch-account-alarm-cloudtrail-changes", inv[0], inventory: inv) == .fail)
        // DeleteRouteTable is still there, and must not count as DeleteRoute.
        #expect(try status("aws-cloudwatch-account-alarm-route-table-changes", inv[0], inventory: inv) == .fail)
        #expect(try status("aws-cloudwatch-account-alarm-console-signin-without-mfa", inv[0], inventory: inv) == .fail)
        #expect(try status("aws-cloudwatch-account-alarm-root-account-usage", inv[0], inventory: inv) == .pass)
    }

    @Test func filtersOnAnotherLogGroupDoNotCount() throws {
        // `cloudtrail` is a prefix of the trail's `cloudtrail-logs`; filters there see none of the trail's events.
        let inv = account(filters: Fixtures.cisMetricFilters, filtersOn: "cloudtrail")
        #expect(try status("aws-cloudwatch-account-alarm-root-account-usage", inv[0], inventory: inv) == .fail)
    }

    @Test func alarmsMustNotifyAnSNSTopic() throws {
        let inv = account(filters: Fixtures.cisMetricFilters,
                          alarmActions: ["arn:aws:autoscaling:us-east-1:210000000009:scalingPolicy:x:autoScalingGroupName/g:policyName/p"])
        #expect(try status("aws-cloudwatch-account-alarm-root-account-usage", inv[0], inventory: inv) == .fail)
    }

    @Test func anAccountWithoutTrailsFails() throws {
        let a = Fixtures.accountResource("210000000008")
        #expect(try status("aws-cloudtrail-account-multi-region-trail", a, inventory: [a]) == .fail)
        #expect(try status("aws-cloudwatch-account-alarm-vpc-changes", a, inventory: [a]) == .fail)
    }

    @Test func trailBucketInAnotherAccountIsNotJudged() throws {
        let trail = Fixtures.with(Fixtures.loggingTrail, ["s3BucketName": "org-log-archive"])
        let inv = Array(Fixtures.inventory.values)
        #expect(try status("aws-cloudtrail-trail-bucket-access-logging", trail, inventory: inv) == .notApplicable)
        #expect(try status("aws-cloudtrail-trail-bucket-not-public", trail, inventory: inv) == .notApplicable)
    }

    @Test func eksPublicEndpointLimitedToKnownNetworksPasses() throws {
        let cluster = Fixtures.with(Fixtures.eksCluster, ["endpointPublicAccess": true, "publicAccessCidrs": ["203.0.113.0/24"]])
        #expect(try status("aws-eks-cluster-endpoint-not-public", cluster, inventory: []) == .pass)
    }

    @Test func lambdaOutsideAVPCOrWithUnlistedSubnetsIsNotJudgedForZones() throws {
        let inv = Array(Fixtures.inventory.values)
        let outside = Fixtures.with(Fixtures.function, ["inVpc": false, "vpcConfig": nil])
        #expect(try status("aws-lambda-function-multi-az", outside, inventory: inv) == .notApplicable)
        let unlisted = Fixtures.with(Fixtures.function, ["vpcConfig": ["vpcId": "vpc-1", "subnetIds": ["subnet-la", "subnet-gone"],
                                                                       "securityGroupIds": []]])
        #expect(try status("aws-lambda-function-multi-az", unlisted, inventory: inv) == .notApplicable)
    }

    @Test func containerImageFunctionsAndPrivateZonesAreNotApplicable() throws {
        let image = Fixtures.with(Fixtures.function, ["runtime": nil, "packageType": "Image"])
        #expect(try status("aws-lambda-function-supported-runtime", image, inventory: []) == .notApplicable)
        let privateZone = Fixtures.with(Fixtures.hostedZone, ["privateZone": true, "queryLoggingEnabled": false])
        #expect(try status("aws-route53-hosted-zone-query-logging", privateZone, inventory: []) == .notApplicable)
        #expect(try status("aws-ecs-task-definition-host-network-non-root", Fixtures.taskWith(["user": nil]), inventory: []) == .notApplicable)
    }
}
