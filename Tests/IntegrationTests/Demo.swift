import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit

/// A seeded moto (signature checking on after seeding) and a stack whose connector can reach it.
struct Demo {
    let moto: MotoServer
    let stack: Stack

    /// `config`: palisade.yaml text for `palisade up --config`, given moto's endpoint (nil: the built-in defaults).
    /// `environment`: more variables for the stack (e.g. `PALISADE_CLOCK=manual`).
    static func start(scale: Int = 1, config: ((String) -> String)? = nil,
                      environment: [String: String] = [:]) async throws -> Demo {
        let moto = try await MotoServer.start()
        let stack: Stack
        do {
            let credentials = FileManager.default.temporaryDirectory
                .appendingPathComponent("pal-it-credentials-\(UUID().uuidString)")
            _ = try moto.seed(scale: scale, credentialsOut: credentials)
            try await moto.requireAuth(afterActions: 0)
            stack = try Stack(extraEnvironment: ["AWS_SHARED_CREDENTIALS_FILE": credentials.path]
                .merging(environment) { $1 })
            if let config {
                let file = stack.home.appendingPathComponent("stack.yaml")
                try config(moto.endpoint).write(to: file, atomically: true, encoding: .utf8)
                try stack.up(arguments: ["--config", file.path])
            } else {
                try stack.up()
            }
        } catch {
            moto.stop()
            throw error
        }
        return Demo(moto: moto, stack: stack)
    }

    func stop() {
        stack.cleanUp()
        moto.stop()
    }

    /// `palisade scan aws` as a user runs it; returns the scan summary it printed.
    func scan(profile: String = "palisade-demo") throws -> ScanResult {
        try stack.json(ScanResult.self, ["scan", "aws", "--profile", profile, "--region", "us-east-1",
                                         "--endpoint", moto.endpoint])
    }

    func inventory() throws -> [InventoryItem] { try stack.json([InventoryItem].self, ["inventory"]) }
    func findings() throws -> [Finding] { try stack.json([Finding].self, ["findings"]) }
}

/// What `palisade scan aws --output json` prints.
struct ScanResult: Decodable {
    var scan: ScanSummary
    var progress: ScanProgress
}

extension [Finding] {
    /// The finding of `check` on the resource whose name (or id suffix) is `name`.
    func of(_ check: String, _ name: String, in inventory: [InventoryItem]) -> Finding? {
        let ids = Set(inventory.filter { $0.resource.name == name || $0.resource.id.hasSuffix("/" + name) }
            .map(\.resource.id))
        return first { $0.checkID == check && ids.contains($0.resourceID) }
    }
}
