import Foundation
import Yams

extension SupervisorConfig {
    /// Reads and validates a config file. Every problem names the file, the line and what to change.
    public static func load(path: String) throws(ConfigError) -> SupervisorConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            let reason = FileManager.default.fileExists(atPath: path)
                ? "cannot be read as UTF-8 text" : "does not exist"
            throw ConfigError(code: "supervisor.config.unreadable", file: path,
                              message: "config file \(reason); pass an existing YAML file to --config")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses config YAML. `file` only labels errors. An empty document means the built-in defaults.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> SupervisorConfig {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw syntaxError(error, file: file)
        }
        guard let root, root.null == nil else { return .defaults }
        let reader = ConfigReader(file: file)
        return try reader.config(root)
    }

    private static func syntaxError(_ error: any Error, file: String) -> ConfigError {
        func make(_ problem: String, _ mark: Mark, _ context: YamlError.Context?) -> ConfigError {
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return ConfigError(code: "supervisor.config.syntax", file: file, line: mark.line, column: mark.column,
                               message: message)
        }
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _)?: return make(problem, mark, context)
        case let .parser(context, problem, mark, _)?: return make(problem, mark, context)
        case let .composer(context, problem, mark, _)?: return make(problem, mark, context)
        case let .duplicatedKeysInMapping(duplicates, context)?:
            return ConfigError(code: "supervisor.config.syntax", file: file, line: context.mark.line,
                               column: context.mark.column,
                               message: "duplicate keys \(duplicates.joined(separator: ", ")) in one mapping")
        default:
            return ConfigError(code: "supervisor.config.syntax", file: file, message: "YAML syntax error: \(error)")
        }
    }
}
