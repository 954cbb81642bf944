// swift-tools-version:6.1
import PackageDescription

// MARK: - Dependencies (exact versions: the build machine resolves from a local mirror)

let argumentParser = Package.Dependency.package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
let swiftLog = Package.Dependency.package(url: "https://github.com/apple/swift-log", exact: "1.16.2")
let swiftCrypto = Package.Dependency.package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3")
let serviceLifecycle = Package.Dependency.package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0")
let grdb = Package.Dependency.package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0")
let yams = Package.Dependency.package(url: "https://github.com/jpsim/Yams", exact: "6.2.2")

let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let grdbLib = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let yamsLib = Target.Dependency.product(name: "Yams", package: "Yams")
let argParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

/// One settings array for every Swift target.
let settings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// A service = a library with the logic + a thin executable.
func service(_ lib: String, exe: String, path: String, deps: [Target.Dependency]) -> [Target] {
    [
        .target(name: lib, dependencies: deps, path: "\(path)/\(lib)", swiftSettings: settings),
        .executableTarget(
            name: exe, dependencies: [.target(name: lib), "PalisadeRuntime", lifecycle, logging],
            path: "\(path)/Main", swiftSettings: settings),
    ]
}

func tests(_ name: String, _ deps: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: deps, path: "Tests/\(name)", swiftSettings: settings)
}

var targets: [Target] = []

// MARK: - Shared

targets += [
    .systemLibrary(name: "CZeroMQ", path: "Shared/CZeroMQ", pkgConfig: "libzmq",
                   providers: [.apt(["libzmq3-dev"])]),
    .target(name: "CPalisadeSys", path: "Shared/CPalisadeSys"),
    .target(name: "PalisadeModel", path: "Shared/PalisadeModel", swiftSettings: settings),
    .target(name: "PalisadeProtocol", dependencies: ["PalisadeModel"], path: "Shared/PalisadeProtocol",
            swiftSettings: settings),
    .target(name: "PalisadeMessaging", dependencies: ["PalisadeProtocol", "CZeroMQ", logging, lifecycle],
            path: "Shared/PalisadeMessaging", swiftSettings: settings),
    .target(name: "PalisadeStore", dependencies: ["PalisadeModel", grdbLib], path: "Shared/PalisadeStore",
            swiftSettings: settings),
    .target(name: "PalisadeIAM", dependencies: ["PalisadeModel"], path: "Shared/PalisadeIAM",
            swiftSettings: settings),
    .target(name: "PalisadeRules", dependencies: ["PalisadeModel", "PalisadeIAM"], path: "Shared/PalisadeRules",
            swiftSettings: settings),
    .target(name: "PalisadeBenchmark", dependencies: ["PalisadeModel", "PalisadeRules", yamsLib],
            path: "Shared/PalisadeBenchmark", resources: [.copy("Data")], swiftSettings: settings),
    .target(name: "PalisadeRuntime",
            dependencies: ["PalisadeMessaging", "PalisadeProtocol", "CPalisadeSys", logging, lifecycle,
                           .product(name: "UnixSignals", package: "swift-service-lifecycle")],
            path: "Shared/PalisadeRuntime", swiftSettings: settings),
    // Scheduled scans: the `schedules:` section of palisade.yaml, cron, and the planner (a pure state machine).
    .target(name: "PalisadeSchedule", dependencies: ["PalisadeModel", yamsLib], path: "Shared/PalisadeSchedule",
            swiftSettings: settings),
    .target(name: "PalisadeTestKit", dependencies: ["PalisadeModel", "PalisadeProtocol", logging],
            path: "Shared/PalisadeTestKit", swiftSettings: settings),
    .target(name: "PalisadeGovernance", dependencies: ["PalisadeModel", yamsLib], path: "Shared/PalisadeGovernance", swiftSettings: settings),
    // Export and automation: the outbox record, sink and automation files, filters (pure).
    .target(name: "PalisadeExport", dependencies: ["PalisadeModel", "PalisadeSchedule", yamsLib], path: "Shared/PalisadeExport",
            swiftSettings: settings),
    // TLS for syslog over TLS (RFC 5425) without NIO: the system OpenSSL.
    .systemLibrary(name: "COpenSSL", path: "Shared/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
]

// MARK: - Services

let common: [Target.Dependency] = ["PalisadeModel", "PalisadeProtocol", "PalisadeMessaging", logging, lifecycle]
targets += service("SupervisorCore", exe: "palisade-supervisor", path: "Services/Supervisor",
                   deps: common + ["PalisadeRuntime", "CPalisadeSys", "PalisadeSchedule", "PalisadeExport", yamsLib])
targets += service("GatewayCore", exe: "palisade-gateway", path: "Services/Gateway", deps: common)
targets += service("AWSConnector", exe: "palisade-connector-aws", path: "Services/Connectors/AWS",
                   deps: common + [crypto])
targets += service("AssessorCore", exe: "palisade-assessor", path: "Services/Assessor",
                   deps: common + ["PalisadeStore", "PalisadeRules", "PalisadeBenchmark", grdbLib])
targets += service("GraphCore", exe: "palisade-graph", path: "Services/Graph",
                   deps: common + ["PalisadeStore", "PalisadeIAM", "PalisadeBenchmark", grdbLib, crypto])
targets += service("ScoringCore", exe: "palisade-scoring", path: "Services/Scoring",
                   deps: common + ["PalisadeStore", "PalisadeBenchmark", "PalisadeGovernance", grdbLib])
targets += service("SchedulerCore", exe: "palisade-scheduler", path: "Services/Scheduler",
                   deps: common + ["PalisadeStore", "PalisadeSchedule", grdbLib])
targets += service("ExportCore", exe: "palisade-export", path: "Services/Export",
                   deps: common + ["PalisadeStore", "PalisadeExport", "PalisadeSchedule", "PalisadeBenchmark", "PalisadeGovernance",
                                   "COpenSSL", grdbLib, crypto])
// Agentless scanner (issue 14): version ordering and OSV range matching (pure). The `palisade-scanner`
// executable comes with the scanning service.
targets += [
    .target(name: "ScannerCore", dependencies: [], path: "Services/Scanner/ScannerCore", swiftSettings: settings),
]

// MARK: - Tools

targets += [
    .target(name: "PalisadeCLI", dependencies: ["PalisadeModel", "PalisadeProtocol", "PalisadeMessaging", "PalisadeBenchmark",
                                                "PalisadeSchedule", "PalisadeGovernance", "PalisadeExport", argParser],
            path: "Tools/palisade/PalisadeCLI", swiftSettings: settings),
    .executableTarget(name: "palisade", dependencies: ["PalisadeCLI"], path: "Tools/palisade/Main",
                      swiftSettings: settings),
    .executableTarget(name: "palisade-bench",
                      dependencies: [argParser, "PalisadeModel", "PalisadeProtocol", "PalisadeMessaging", logging,
                                     "AWSConnector"],
                      path: "Tools/bench",
                      exclude: ["assess", "graph", "explorer", "load", "export"],
                      swiftSettings: settings),
    .executableTarget(name: "palisade-assess-bench",
                      dependencies: [argParser, "PalisadeModel", "PalisadeProtocol", "PalisadeBenchmark", "PalisadeRules",
                                     "AssessorCore", "PalisadeMessaging", logging],
                      path: "Tools/bench/assess",
                      swiftSettings: settings),
    // Graph query throughput through the gateway, one replica vs several (issue 11).
    .executableTarget(name: "palisade-load-bench",
                      dependencies: [argParser, "PalisadeProtocol", "PalisadeMessaging", logging],
                      path: "Tools/bench/load", swiftSettings: settings),
    // Outbox and sink throughput of the export service (issue 13).
    .executableTarget(name: "palisade-export-bench",
                      dependencies: [argParser, "ExportCore", "PalisadeExport", "PalisadeModel", "PalisadeProtocol",
                                     "PalisadeRuntime", logging],
                      path: "Tools/bench/export", swiftSettings: settings),
    .executableTarget(name: "palisade-graph-bench", dependencies: [argParser, "GraphCore", "PalisadeModel"],
                      path: "Tools/bench/graph", exclude: ["networkx_reach.py"], swiftSettings: settings),
    .executableTarget(name: "palisade-explorer-bench", dependencies: [argParser, "GraphCore", "PalisadeModel"],
                      path: "Tools/bench/explorer", exclude: ["explorer_nx.py"], swiftSettings: settings),
]

// MARK: - Tests

targets += [
    tests("PalisadeProtocolTests", ["PalisadeProtocol", "PalisadeTestKit"]),
    tests("PalisadeMessagingTests", ["PalisadeMessaging", "PalisadeTestKit"]),
    tests("PalisadeStoreTests", ["PalisadeStore"]),
    tests("PalisadeIAMTests", ["PalisadeIAM"]),
    tests("PalisadeRulesTests", ["PalisadeRules"]),
    tests("PalisadeBenchmarkTests", ["PalisadeBenchmark"]),
    tests("SupervisorCoreTests", ["SupervisorCore", "PalisadeTestKit"]),
    tests("GatewayCoreTests", ["GatewayCore", "PalisadeTestKit"]),
    tests("AWSConnectorTests", ["AWSConnector", "PalisadeBenchmark", "PalisadeTestKit"]),
    tests("AssessorCoreTests", ["AssessorCore", "PalisadeTestKit"]),
    tests("GraphCoreTests", ["GraphCore", "PalisadeTestKit"]),
    // The attack-path accuracy estate: moto + the real connector + the graph (Logging: the scan driver's logger).
    tests("GraphAccuracyTests", ["GraphCore", "AWSConnector", "PalisadeTestKit", "PalisadeModel", "PalisadeProtocol",
                                 logging]),
    tests("PalisadeScheduleTests", ["PalisadeSchedule", "PalisadeModel"]),
    tests("SchedulerCoreTests", ["SchedulerCore", "PalisadeTestKit"]),
    tests("ScoringCoreTests", ["ScoringCore", "PalisadeTestKit"]),
    tests("ExportCoreTests", ["ExportCore", "PalisadeExport", "PalisadeSchedule", "PalisadeTestKit"]),
    // Export against real receivers: rsyslog, an SMTP server (aiosmtpd), the ServiceNow/Jira contract servers.
    tests("ExportDeliveryTests", ["ExportCore", "PalisadeExport", "PalisadeModel", "PalisadeTestKit"]),
    tests("PalisadeExportTests", ["PalisadeExport", "PalisadeModel", "PalisadeSchedule"]),
    tests("PalisadeCLITests", ["PalisadeCLI"]),
    tests("PalisadeGovernanceTests", ["PalisadeGovernance", "PalisadeModel"]),
    tests("ScannerCoreTests", ["ScannerCore"]),
    tests("IntegrationTests", ["PalisadeModel", "PalisadeProtocol", "PalisadeMessaging", "PalisadeTestKit", logging]),
]

let package = Package(
    name: "Palisade",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "palisade", targets: ["palisade"]),
        .executable(name: "palisade-supervisor", targets: ["palisade-supervisor"]),
        .executable(name: "palisade-gateway", targets: ["palisade-gateway"]),
        .executable(name: "palisade-connector-aws", targets: ["palisade-connector-aws"]),
        .executable(name: "palisade-assessor", targets: ["palisade-assessor"]),
        .executable(name: "palisade-graph", targets: ["palisade-graph"]),
        .executable(name: "palisade-scoring", targets: ["palisade-scoring"]),
        .executable(name: "palisade-export", targets: ["palisade-export"]),
        .executable(name: "palisade-scheduler", targets: ["palisade-scheduler"]),
    ],
    dependencies: [argumentParser, swiftLog, swiftCrypto, serviceLifecycle, grdb, yams],
    targets: targets
)
