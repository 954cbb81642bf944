import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: enough of a tree to read AWS responses. Namespace prefixes are kept on
/// attributes (`xsi:type`); element names are compared without prefix.
public struct XMLNode: Sendable, Hashable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLNode]
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// First direct child named `name`.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// Direct children named `name`.
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// Follows a slash path of child names (`Owner/ID`).
    public func at(_ path: String) -> XMLNode? {
        var node: XMLNode? = self
        for part in path.split(separator: "/") { node = node?.child(String(part)) }
        return node
    }

    /// Trimmed text at a path; nil when the element is missing (an empty element gives "").
    public func string(_ path: String) -> String? { at(path).map { $0.text } }

    public func bool(_ path: String) -> Bool? {
        switch string(path)?.lowercased() { case "true": true; case "false": false; default: nil }
    }

    public func int(_ path: String) -> Int? { string(path).flatMap { Int($0) } }

    /// The `member` (query protocol) or `item` (EC2) entries of a list element at `path`.
    public func list(_ path: String) -> [XMLNode] {
        guard let container = at(path) else { return [] }
        return container.children.filter { $0.name == "member" || $0.name == "item" }
    }

    /// Depth-first search for the first element named `name` (self included).
    public func first(_ name: String) -> XMLNode? {
        if self.name == name { return self }
        for c in children { if let hit = c.first(name) { return hit } }
        return nil
    }

    /// Parses a document; throws `connector.aws.response.invalid` on malformed XML.
    public static func parse(_ data: Data) throws -> XMLNode {
        let builder = XMLTreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let why = parser.parserError.map { "\($0)" } ?? "no root element"
            throw AWSError(code: "connector.aws.response.invalid", message: "response is not valid XML: \(why)")
        }
        return root
    }
}

/// Builds an `XMLNode` tree from XMLParser callbacks.
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLNode] = []
    var root: XMLNode?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(XMLNode(name: local, attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        guard var node = stack.popLast() else { return }
        node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
    }
}

extension AWSError {
    /// Reads an AWS error body in any of its shapes: `<ErrorResponse><Error>` (query protocol),
    /// `<Response><Errors><Error>` (EC2) or `<Error>` (S3). Nil when the body holds no error code.
    static func fromBody(_ data: Data, status: Int, operation: String) -> AWSError? {
        guard let root = try? XMLNode.parse(data), let error = root.first("Error"),
              let code = error.string("Code"), !code.isEmpty else { return nil }
        return AWSError(code: code, message: error.string("Message") ?? "", httpStatus: status, operation: operation)
    }
}
