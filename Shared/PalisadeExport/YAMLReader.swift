import Foundation
import PalisadeModel
import Yams

/// Reads YAML nodes into typed values, every problem carrying the file, line and column it was found at. Shared by
/// the sink and automation readers.
public struct YAMLReader: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    /// The document's root node, nil for an empty document; `.syntax` errors carry YAML's own position.
    public func compose(_ yaml: String) throws(ExportFileError) -> Node? {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch { throw syntaxError(error) }
        guard let root, root.null == nil else { return nil }
        return root
    }

    /// Reads `path` as UTF-8 text; `what` names the file in the error ("the automation rules file").
    public static func text(path: String, what: String) throws(ExportFileError) -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "does not exist"
            throw ExportFileError(code: .unreadable, file: path, message: "\(what) \(reason)")
        }
    }

    public func mapping(_ node: Node, _ label: String, allowed: [String]) throws(ExportFileError) -> [String: Node] {
        guard let m = node.mapping else {
            throw invalid(node, "\(label) must be a mapping with keys: \(allowed.joined(separator: ", "))")
        }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw invalid(k, "\(label) has a key that is not a plain word") }
            guard allowed.contains(key) else {
                throw invalid(k, "unknown key '\(key)' in \(label); expected one of: \(allowed.joined(separator: ", "))")
            }
            out[key] = v
        }
        return out
    }

    /// The keys of a mapping without checking them (for pointing at one key's node in an error).
    public func keys(_ node: Node) -> [String: Node] {
        guard let m = node.mapping else { return [:] }
        var out: [String: Node] = [:]
        for (k, v) in m { if let key = k.scalar?.string { out[key] = v } }
        return out
    }

    public func string(_ node: Node, _ label: String) throws(ExportFileError) -> String {
        guard let s = node.scalar, node.null == nil else { throw invalid(node, "\(label) must be a string") }
        return s.string
    }

    public func nonEmptyString(_ node: Node, _ label: String) throws(ExportFileError) -> String {
        let s = try string(node, label)
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid(node, "\(label) is empty") }
        return s
    }

    /// A list of strings; a single string is accepted as a list of one.
    public func strings(_ node: Node, _ label: String, example: String) throws(ExportFileError) -> [String] {
        if node.scalar != nil, node.null == nil { return [try nonEmptyString(node, label)] }
        guard let seq = node.sequence else { throw invalid(node, "\(label) must be a list, e.g. \(example)") }
        var out: [String] = []
        for item in seq { out.append(try nonEmptyString(item, "each entry of \(label)")) }
        return out
    }

    public func int(_ node: Node, _ label: String, in range: ClosedRange<Int>) throws(ExportFileError) -> Int {
        guard node.scalar != nil, let value = node.int, range.contains(value) else {
            let got = node.scalar.map { " (got '\($0.string)')" } ?? ""
            throw invalid(node, "\(label) must be a whole number from \(range.lowerBound) to \(range.upperBound)\(got)")
        }
        return value
    }

    public func double(_ node: Node, _ label: String, in range: ClosedRange<Double>) throws(ExportFileError) -> Double {
        guard node.scalar != nil, let value = node.float, range.contains(value) else {
            let got = node.scalar.map { " (got '\($0.string)')" } ?? ""
            throw invalid(node, "\(label) must be a number from \(range.lowerBound) to \(range.upperBound)\(got)")
        }
        return value
    }

    public func bool(_ node: Node, _ label: String) throws(ExportFileError) -> Bool {
        guard let b = node.bool else { throw invalid(node, "\(label) must be true or false") }
        return b
    }

    public func severity(_ node: Node, _ label: String) throws(ExportFileError) -> Severity {
        let text = try string(node, label)
        guard let s = Severity(rawValue: text) else {
            throw invalid(node, "\(label) '\(text)' is not a severity; expected one of: "
                          + Severity.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return s
    }

    /// A value of a closed set (an enum's raw values).
    public func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ label: String, _ type: T.Type)
        throws(ExportFileError) -> T where T.RawValue == String
    {
        let text = try string(node, label)
        guard let v = T(rawValue: text) else {
            throw invalid(node, "\(label) '\(text)' is not valid; expected one of: "
                          + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return v
    }

    /// A duration: a number of seconds or "500ms", "30s", "5m", "6h", "7d", "1w".
    public func seconds(_ node: Node, _ label: String, min: Double = 0) throws(ExportFileError) -> Double {
        let text = try string(node, label)
        guard let s = Self.parseDuration(text), s >= min else {
            throw invalid(node, "\(label) '\(text)' is not a duration ≥ \(min) s; write e.g. 30s, 5m, 6h, 7d")
        }
        return s
    }

    /// A size: a number of bytes or "512KB", "10MB", "1GB" (powers of 1024).
    public func bytes(_ node: Node, _ label: String) throws(ExportFileError) -> Int64 {
        let text = try string(node, label)
        guard let b = Self.parseSize(text), b > 0 else {
            throw invalid(node, "\(label) '\(text)' is not a size; write e.g. 10MB, 512KB, 1GB or a number of bytes")
        }
        return b
    }

    public static func parseDuration(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count)
            if suffix == "s", number.hasSuffix("m") { continue }
            if let n = Double(number), n.isFinite { return n * factor }
        }
        return Double(t).flatMap { $0.isFinite ? $0 : nil }
    }

    public static func parseSize(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int64)] = [("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20),
                                        ("G", 1 << 30), ("B", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            if let n = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n > 0, n < 1e15 {
                return Int64(n * Double(factor))
            }
        }
        return Int64(t)
    }

    public func invalid(_ node: Node, _ message: String) -> ExportFileError {
        ExportFileError(code: .invalid, file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    func syntaxError(_ error: any Error) -> ExportFileError {
        func make(_ problem: String, _ mark: Mark) -> ExportFileError {
            ExportFileError(code: .syntax, file: file, line: mark.line, column: mark.column,
                            message: "YAML syntax error: \(problem)")
        }
        switch error as? YamlError {
        case let .scanner(_, problem, mark, _)?: return make(problem, mark)
        case let .parser(_, problem, mark, _)?: return make(problem, mark)
        case let .composer(_, problem, mark, _)?: return make(problem, mark)
        case let .duplicatedKeysInMapping(duplicates, context)?:
            return make("duplicate keys \(duplicates.joined(separator: ", ")) in one mapping", context.mark)
        default:
            return ExportFileError(code: .syntax, file: file, message: "YAML syntax error: \(error)")
        }
    }
}
