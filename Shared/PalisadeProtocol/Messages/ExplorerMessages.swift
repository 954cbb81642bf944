import Foundation
import PalisadeModel

/// Asks the security graph a question in the explorer's query language (docs/explorer.md): either `query` or a
/// built-in `template` with its parameters. Errors come back as the bus's error reply with a stable code:
/// `graph.query.syntax` (with line and column), `graph.query.unknown-label`, `graph.query.unknown-type`,
/// `graph.query.unknown-variable`, `graph.query.type`, `graph.query.parameter`, `graph.query.budget`,
/// `graph.query.unknown-template`, `graph.query.no-graph`.
public struct ExploreQuery: BusMessage {
    public static let service = ServiceName.graph
    public static let type = "graph.explore"
    public typealias Response = ExploreReply

    public var query: String?
    public var template: String?
    /// Typed parameter values (`$name`).
    public var parameters: [String: JSONValue]
    /// Parameter values as typed on a command line; read as each template default's type (else inferred).
    public var textParameters: [String: String]
    /// One account's graph; nil: every account's graph, joined at shared nodes (`internet`).
    public var account: String?
    public var limits: ExploreLimits

    public init(query: String? = nil, template: String? = nil, parameters: [String: JSONValue] = [:],
                textParameters: [String: String] = [:], account: String? = nil, limits: ExploreLimits = ExploreLimits()) {
        self.query = query
        self.template = template
        self.parameters = parameters
        self.textParameters = textParameters
        self.account = account
        self.limits = limits
    }

    enum CodingKeys: String, CodingKey { case query, template, parameters, textParameters, account, limits }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        query = try c.decodeIfPresent(String.self, forKey: .query)
        template = try c.decodeIfPresent(String.self, forKey: .template)
        parameters = try c.decodeIfPresent([String: JSONValue].self, forKey: .parameters) ?? [:]
        textParameters = try c.decodeIfPresent([String: String].self, forKey: .textParameters) ?? [:]
        account = try c.decodeIfPresent(String.self, forKey: .account)
        limits = try c.decodeIfPresent(ExploreLimits.self, forKey: .limits) ?? ExploreLimits()
    }
}

/// Budgets for one query; nil takes the service's default (docs/explorer.md § Budgets).
public struct ExploreLimits: Codable, Sendable, Hashable {
    public var maxRows: Int?
    public var timeoutMilliseconds: Int?
    public var maxBindings: Int?

    public init(maxRows: Int? = nil, timeoutMilliseconds: Int? = nil, maxBindings: Int? = nil) {
        self.maxRows = maxRows
        self.timeoutMilliseconds = timeoutMilliseconds
        self.maxBindings = maxBindings
    }
}

public struct ExploreReply: Codable, Sendable, Hashable {
    public var columns: [String]
    /// One value per column: nodes `{id, label, name, properties}`, relationships `{type, from, to, properties}`,
    /// paths as lists of both.
    public var rows: [[JSONValue]]
    public var stats: ExploreStats

    public init(columns: [String], rows: [[JSONValue]], stats: ExploreStats) {
        self.columns = columns
        self.rows = rows
        self.stats = stats
    }
}

public struct ExploreStats: Codable, Sendable, Hashable {
    public var nodesVisited: Int
    public var elapsedMilliseconds: Double
    /// More rows matched than `maxRows`; the rest were cut off.
    public var truncated: Bool
    /// The stored graph versions queried (account → scan id).
    public var graphs: [String: String]

    public init(nodesVisited: Int, elapsedMilliseconds: Double, truncated: Bool, graphs: [String: String] = [:]) {
        self.nodesVisited = nodesVisited
        self.elapsedMilliseconds = elapsedMilliseconds
        self.truncated = truncated
        self.graphs = graphs
    }
}

/// The built-in templates: names, descriptions, parameters and their defaults.
public struct ExploreTemplatesQuery: BusMessage {
    public static let service = ServiceName.graph
    public static let type = "graph.explore.templates"
    public typealias Response = ExploreTemplatesReply
    public init() {}
}

public struct ExploreTemplatesReply: Codable, Sendable, Hashable {
    public var templates: [ExploreTemplateInfo]
    public init(templates: [ExploreTemplateInfo]) { self.templates = templates }
}

public struct ExploreTemplateInfo: Codable, Sendable, Hashable {
    public struct Parameter: Codable, Sendable, Hashable {
        public var name: String
        public var description: String
        public var defaultValue: JSONValue
        public init(name: String, description: String, defaultValue: JSONValue) {
            self.name = name
            self.description = description
            self.defaultValue = defaultValue
        }
    }

    public var name: String
    public var title: String
    public var description: String
    public var parameters: [Parameter]
    public var query: String

    public init(name: String, title: String, description: String, parameters: [Parameter], query: String) {
        self.name = name
        self.title = title
        self.description = description
        self.parameters = parameters
        self.query = query
    }
}
