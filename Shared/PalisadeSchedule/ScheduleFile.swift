import Foundation
import PalisadeModel
import Yams

/// Reads the `schedules:` section of palisade.yaml (the supervisor reads the rest of the file).
///
/// ```yaml
/// schedules:
///   - name: prod
///     every: 6h                 # or  cron: "0 */6 * * *"  (UTC)
///     profile: prod             # what to scan: the options of `palisade scan aws`
///     regions: [us-east-1, eu-west-1]
///     organization: false
///     roleName: OrganizationAccountAccessRole
///     endpoint: http://127.0.0.1:5000
///     timeout: 2h               # give up on a scan still running after this long (default 6h)
///     enabled: true
/// ```
public enum ScheduleFile {
    public static let entryKeys = ["name", "every", "cron", "provider", "profile", "regions", "organization", "roleName",
                                   "endpoint", "rates", "timeout", "enabled"]

    public static func load(path: String) throws(ScheduleFileError) -> [ScanSchedule] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "does not exist"
            throw ScheduleFileError(code: "scheduler.config.unreadable", file: path,
                                    message: "config file \(reason); fix the path passed to --config")
        }
        return try parse(yaml: text, file: path)
    }

    /// The schedules in `yaml` (none when there is no `schedules:` key). `file` only labels errors.
    public static func parse(yaml: String, file: String) throws(ScheduleFileError) -> [ScanSchedule] {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw syntaxError(error, file: file)
        }
        guard let root, root.null == nil, let top = root.mapping else { return [] }
        guard let section = top.first(where: { $0.key.scalar?.string == "schedules" })?.value, section.null == nil
        else { return [] }
        let reader = Reader(file: file)
        guard let list = section.sequence else {
            throw reader.invalid(section, "'schedules' must be a list of entries, each starting with '- name:'")
        }
        var out: [ScanSchedule] = []
        var seen: [String: Int] = [:]
        for (i, item) in list.enumerated() {
            let schedule = try reader.schedule(item, index: i)
            if let line = seen[schedule.name] {
                throw reader.invalid(item, "schedule name '\(schedule.name)' is used twice (first on line \(line))")
            }
            seen[schedule.name] = item.mark?.line ?? 0
            out.append(schedule)
        }
        return out
    }

    static func syntaxError(_ error: any Error, file: String) -> ScheduleFileError {
        func make(_ problem: String, _ mark: Mark) -> ScheduleFileError {
            ScheduleFileError(code: "scheduler.config.syntax", file: file, line: mark.line, column: mark.column,
                              message: "YAML syntax error: \(problem)")
        }
        switch error as? YamlError {
        case let .scanner(_, problem, mark, _)?: return make(problem, mark)
        case let .parser(_, problem, mark, _)?: return make(problem, mark)
        case let .composer(_, problem, mark, _)?: return make(problem, mark)
        case let .duplicatedKeysInMapping(duplicates, context)?:
            return make("duplicate keys \(duplicates.joined(separator: ", ")) in one mapping", context.mark)
        default:
            return ScheduleFileError(code: "scheduler.config.syntax", file: file, message: "YAML syntax error: \(error)")
        }
    }
}
