import Foundation
import PalisadeExport
import PalisadeSchedule
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
        var config = try parse(yaml: text, file: path)
        config.sourceFile = URL(fileURLWithPath: path).standardizedFileURL.path
        return config
    }

    /// Parses config YAML. `file` only labels errors. An empty document means the built-in defaults.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> SupervisorConfig {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw syntaxError(error, file: file)
        }
        guard let root, root.null == nil else { return .defaults }
        let reader = ConfigReader(file: file)
        let config = try reader.config(root)
        // The scheduler reads `schedules:`; a bad one stops the stack from starting, with the same file:line:column.
        do { _ = try ScheduleFile.parse(yaml: yaml, file: file) } catch {
            throw ConfigError(code: error.code, file: error.file, line: error.line, column: error.column,
                              message: error.message)
        }
        // The export service reads `sinks:`, `automations:`, `smtp:` and `ticketing:`; the same rule applies.
        do { _ = try ExportConfig.parse(yaml: yaml, file: file) } catch {
            throw ConfigError(code: error.code.rawValue, file: error.file, line: error.line, column: error.column,
                              message: error.message)
        }
        return config
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
