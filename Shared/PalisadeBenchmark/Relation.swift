import PalisadeModel
import PalisadeRules

/// A named link from a resource to others, exposed to expressions as `related.<name>` (a list of resources).
/// It follows `path` — a top-level property holding one id (string) or a list of ids — on the resource itself,
/// or on every resource of another relation (`through`), to resources of type `to`. With `scope: account`
/// and no `path`, it is every resource of type `to` in the resource's account (any region): account-wide
/// checks such as "a metric filter and alarm exist for root logins" read all trails, filters and alarms.
public struct Relation: Sendable, Hashable, Codable {
    public enum Scope: String, Sendable, Hashable, Codable { case link, account }

    public var name: String
    public var from: String
    public var through: String?
    public var path: String?
    public var to: String
    public var scope: Scope?
    /// The linked values name the target by this top-level property (`groupId`, `bucketName`) instead of its id.
    public var by: String?

    public init(name: String, from: String, through: String? = nil, path: String?, to: String, scope: Scope? = nil,
                by: String? = nil) {
        self.name = name
        self.from = from
        self.through = through
        self.path = path
        self.to = to
        self.scope = scope
        self.by = by
    }

    /// The pseudo id recorded for a link by property, so a resource is re-assessed when a resource with that
    /// property value appears, changes or goes.
    public static func linkKey(type: String, property: String, value: String) -> String { "\(type)#\(property)=\(value)" }

    /// Is every resource of `to` in the account (no link property).
    public var isAccountWide: Bool { scope == .account }
}

/// How the resolver reaches the inventory: one resource by id, every resource of a type in an account.
public protocol InventoryLookup {
    func resource(id: String) -> Resource?
    func resources(type: String, account: String) -> [Resource]
    /// The resource of `type` in `account` whose top-level string property `property` equals `value`.
    func resource(type: String, account: String, property: String, value: String) -> Resource?
    /// Why resources of `type` in `account` may be missing (their scope was not collected), or nil when complete.
    /// An account-wide or by-property relation to such a type is unknown, never an empty list.
    func unavailable(type: String, account: String) -> String?
}

extension InventoryLookup {
    public func unavailable(type: String, account: String) -> String? { nil }

    public func resource(type: String, account: String, property: String, value: String) -> Resource? {
        resources(type: type, account: account).first { $0.properties[property]?.stringValue == value }
    }
}

/// An in-memory inventory (tests, small accounts).
public struct InventoryIndex: InventoryLookup {
    private let byID: [String: Resource]
    private let byType: [String: [Resource]]
    private let missing: [String: String]

    /// `unavailable`: resource type → why its scope was not collected.
    public init(_ resources: some Sequence<Resource>, unavailable: [String: String] = [:]) {
        self.missing = unavailable
        var byID: [String: Resource] = [:]
        for r in resources { byID[r.id] = r }
        self.byID = byID
        self.byType = Dictionary(grouping: byID.values, by: \.type).mapValues { $0.sorted { $0.id < $1.id } }
    }

    public func resource(id: String) -> Resource? { byID[id] }
    public func unavailable(type: String, account: String) -> String? { missing[type] }
    public func resources(type: String, account: String) -> [Resource] {
        (byType[type] ?? []).filter { $0.account == account }
    }
}

/// Resolves relations for one resource against an inventory lookup. Unknown is not false: an unreadable
/// link property, or a linked id missing from the inventory, makes the relation unknown with the reason.
public struct RelationResolver: Sendable {
    public let relations: [String: [String: Relation]]

    public init(_ relations: [Relation]) {
        var byType: [String: [String: Relation]] = [:]
        for r in relations { byType[r.from, default: [:]][r.name] = r }
        self.relations = byType
    }

    public func relation(_ name: String, for type: String) -> Relation? { relations[type]?[name] }

    public func resolve(_ names: Set<String>, for resource: Resource, in inventory: some InventoryLookup)
        -> [String: Value]
    {
        var out: [String: Value] = [:]
        for name in names { out[name] = resolve(name, resource, inventory, &out) }
        return out
    }

    /// Resolves against a plain id lookup (no account-wide or by-property relations).
    public func resolve(_ names: Set<String>, for resource: Resource, lookup: @escaping (String) -> Resource?) -> [String: Value] {
        resolve(names, for: resource, in: ClosureLookup(lookup: lookup))
    }

    private struct ClosureLookup: InventoryLookup {
        let lookup: (String) -> Resource?
        func resource(id: String) -> Resource? { lookup(id) }
        func resources(type: String, account: String) -> [Resource] { [] }
    }

    private func resolve(_ name: String, _ resource: Resource, _ inventory: some InventoryLookup,
                         _ cache: inout [String: Value]) -> Value {
        if let done = cache[name] { return done }
        guard let relation = relation(name, for: resource.type) else {
            return .unknown("no relation '\(name)' is defined for \(resource.type)")
        }
        if relation.isAccountWide || relation.by != nil,
           let why = inventory.unavailable(type: relation.to, account: resource.account) {
            return .unknown("\(relation.to) resources were not all collected: \(why)")
        }
        if relation.isAccountWide { return .resources(inventory.resources(type: relation.to, account: resource.account)) }
        guard let path = relation.path else { return .unknown("relation '\(name)' has no path") }
        let sources: [Resource]
        if let through = relation.through {
            let via = resolve(through, resource, inventory, &cache)
            cache[through] = via
            switch via {
            case .resources(let list): sources = list
            case .unknown: return via
            default: sources = []
            }
        } else {
            sources = [resource]
        }
        var targets: [Resource] = []
        for source in sources {
            let ids: [String]
            switch Value.propertyOf(source, path) {
            case .unknown(let why): return .unknown(why)
            case .string(let id): ids = [id]
            case .list(let items): ids = items.compactMap(\.stringValue)
            default: ids = []
            }
            for id in ids {
                let found = relation.by.map {
                    inventory.resource(type: relation.to, account: source.account, property: $0, value: id)
                } ?? inventory.resource(id: id)
                guard let target = found, target.type == relation.to else {
                    return .unknown("\(relation.to) \(id) (linked by \(source.type).\(path)) is not in the inventory")
                }
                targets.append(target)
            }
        }
        return .resources(targets)
    }
}

extension Value {
    static func propertyOf(_ resource: Resource, _ key: String) -> Value {
        if let reason = resource.unknown[key] { return .unknown("\(key) is unknown: \(reason)") }
        return resource.properties[key].map(Value.init) ?? .null
    }
}
