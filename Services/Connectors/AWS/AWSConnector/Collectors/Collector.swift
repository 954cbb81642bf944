import Foundation
import PalisadeModel

/// Receives each resource as soon as it is collected.
public typealias ResourceEmitter = @Sendable (Resource) async -> Void

/// Where a collector runs: once per account (IAM, S3, Route 53, Organizations) or once in every region.
public enum CollectorReach: String, Sendable {
    case global, regional
}

/// One AWS service's collector. Each declares what it emits and the IAM actions it calls, so that
/// `palisade aws permissions` can print the read-only policy a scan role needs; `AWSCollectors.all` lists them.
public protocol AWSCollector: Sendable {
    /// The name scopes report for this collector (usually the IAM service prefix: `kms`, `ec2`).
    static var service: String { get }
    static var reach: CollectorReach { get }
    /// Every resource type the collector emits.
    static var resourceTypes: [String] { get }
    /// Every IAM action it calls (`kms:ListKeys`), for the scan role's policy.
    static var permissions: [String] { get }

    init(_ ctx: CollectorContext)

    /// Collects one region (`"global"` for a global collector), emitting resources as they come; returns one
    /// scope result per independently collected part, each naming the resource types it covers.
    func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult]
}

/// Shared plumbing for the per-service collectors: the client, the account, and how a failed call turns
/// into an unknown property or a failed scope.
public struct CollectorContext: Sendable {
    public let client: AWSClient
    public let account: String
    /// How many per-resource detail lookups run at once.
    public var detailConcurrency: Int
    /// GetAccountAuthorizationDetails, read once for the IAM collectors of this account.
    let iamDetails = SharedFetch<IAMAuthorizationDetails>()
    /// The credential report, read once for the IAM collectors of this account.
    let iamReport = SharedFetch<IAMCredentialReport.Answer>()

    public init(client: AWSClient, account: String, detailConcurrency: Int = 8) {
        self.client = client
        self.account = account
        self.detailConcurrency = detailConcurrency
    }

    /// Runs one scope's collection: `ok` when `body` finishes, `error` with the AWS reason when it throws. An
    /// `error` scope makes its types unknown for the region (its checks become `error`); nothing is retired.
    public func scope(_ service: String, _ region: String, _ types: [String],
                      _ body: () async throws -> Void) async -> ScopeResult {
        switch await attempt(body) {
        case .success: ScopeResult(service: service, region: region, status: .ok, resourceTypes: types)
        case .failure(let e): ScopeResult(service: service, region: region, status: .error, reason: e.reason,
                                          resourceTypes: types)
        }
    }

    /// Runs `body` and maps any failure to an `AWSError`.
    public func attempt<T: Sendable>(_ body: () async throws -> T) async -> Result<T, AWSError> {
        do { return .success(try await body()) } catch let e as AWSError {
            return .failure(e)
        } catch {
            return .failure(AWSError(code: "connector.aws.internal", message: "\(error)"))
        }
    }

    /// Applies `work` to `items` with bounded concurrency; emits what it returns.
    public func forEach<T: Sendable>(_ items: [T], emit: ResourceEmitter,
                              _ work: @escaping @Sendable (T) async -> Resource) async {
        await withTaskGroup(of: Resource.self) { group in
            var iterator = items.makeIterator()
            for _ in 0..<max(1, detailConcurrency) {
                guard let item = iterator.next() else { break }
                group.addTask { await work(item) }
            }
            while let resource = await group.next() {
                await emit(resource)
                if let item = iterator.next() { group.addTask { await work(item) } }
            }
        }
    }
}

/// Builds one resource's properties: values, nulls for "no such configuration", and unknowns.
struct PropertyBag {
    var properties: [String: JSONValue] = [:]
    var unknown: [String: String] = [:]

    subscript(key: String) -> JSONValue? {
        get { properties[key] }
        set { properties[key] = newValue }
    }

    /// Sets `key` from a lookup result: the value on success, `absent` when the error code says the
    /// configuration does not exist, otherwise leaves the key out and records why in `unknown`.
    mutating func set(_ key: String, _ result: Result<JSONValue, AWSError>, absentCodes: Set<String> = [],
                      absent: JSONValue = .null) {
        switch result {
        case .success(let value): properties[key] = value
        case .failure(let e) where absentCodes.contains(e.code): properties[key] = absent
        case .failure(let e): unknown[key] = e.reason
        }
    }

    func resource(id: String, account: String, region: String, type: String, name: String,
                  tags: [String: String] = [:]) -> Resource {
        Resource(id: id, account: account, region: region, type: type, name: name, tags: tags,
                 properties: .object(properties), unknown: unknown)
    }
}

extension JSONValue {
    /// A policy document as IAM returns it (URL-encoded JSON; moto sends it plain) → parsed JSON.
    static func policyDocument(_ text: String?) throws -> JSONValue {
        guard let text, !text.isEmpty else { return .null }
        if let parsed = try? JSONValue.parse(text) { return parsed }
        if let decoded = text.removingPercentEncoding, let parsed = try? JSONValue.parse(decoded) { return parsed }
        throw AWSError(code: "connector.aws.policy.invalid", message: "policy document is not JSON: \(text.prefix(80))")
    }

    static func optionalString(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
}
