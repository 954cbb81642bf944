import Foundation
import PalisadeModel
import Yams

extension ScheduleFile {
    /// Walks one `schedules:` entry, keeping the line and column of every problem.
    struct Reader {
        let file: String

        func schedule(_ node: Node, index: Int) throws(ScheduleFileError) -> ScanSchedule {
            let label = "schedules[\(index)]"
            let m = try mapping(node, label)
            guard let nameNode = m["name"] else { throw invalid(node, "\(label) has no 'name'") }
            let name = try string(nameNode, "\(label).name")
            guard name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"#, options: .regularExpression) != nil else {
                throw invalid(nameNode, "schedule name '\(name)' must be 1-64 letters, digits, '.', '_' or '-'")
            }
            let cadence: Cadence
            switch (m["every"], m["cron"]) {
            case let (every?, nil):
                let text = try string(every, "\(name).every")
                guard let seconds = Cadence.parseInterval(text), seconds >= 1 else {
                    throw invalid(every, "\(name).every '\(text)' must be an interval such as 6h, 30m, 1h30m, 45s or 1d")
                }
                cadence = .every(seconds: seconds)
            case let (nil, cron?):
                let text = try string(cron, "\(name).cron")
                do { cadence = .cron(try CronExpression(text)) } catch { throw invalid(cron, "\(name).cron: \(error.message)") }
            case (_?, _?):
                throw invalid(node, "schedule '\(name)' has both 'every' and 'cron'; keep one")
            case (nil, nil):
                throw invalid(node, "schedule '\(name)' needs 'every: 6h' (an interval) or 'cron: \"0 */6 * * *\"'")
            }
            var target = ScanTarget()
            if let n = m["provider"] {
                target.provider = try string(n, "\(name).provider")
                guard target.provider == "aws" else {
                    throw invalid(n, "\(name).provider '\(target.provider)' is not scanned on a schedule yet; expected: aws")
                }
            }
            if let n = m["profile"] { target.profile = try string(n, "\(name).profile") }
            if let n = m["regions"] {
                target.regions = try strings(n, "\(name).regions")
                for (r, item) in zip(target.regions, n.sequence ?? [])
                where r.range(of: #"^[a-z]{2}(-[a-z]+)+-\d+$"#, options: .regularExpression) == nil {
                    throw invalid(item, "\(name).regions: '\(r)' is not an AWS region name (expected e.g. us-east-1)")
                }
            }
            if let n = m["organization"] { target.organization = try bool(n, "\(name).organization") }
            if let n = m["roleName"] {
                let role = try string(n, "\(name).roleName")
                guard !role.isEmpty, !role.contains("/"), !role.contains(":") else {
                    throw invalid(n, "\(name).roleName '\(role)' must be a role name, not an ARN")
                }
                guard target.organization else { throw invalid(n, "\(name).roleName needs 'organization: true'") }
                target.roleName = role
            }
            if let n = m["endpoint"] {
                let e = try string(n, "\(name).endpoint")
                guard let url = URL(string: e), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
                else { throw invalid(n, "\(name).endpoint '\(e)' is not an http(s) URL (e.g. http://127.0.0.1:5000)") }
                target.endpoint = e
            }
            if let n = m["rates"] { target.rates = try string(n, "\(name).rates") }
            var schedule = ScanSchedule(name: name, cadence: cadence, target: target)
            if let n = m["enabled"] { schedule.enabled = try bool(n, "\(name).enabled") }
            if let n = m["timeout"] {
                let text = try string(n, "\(name).timeout")
                guard let s = Cadence.parseInterval(text), s >= 1 else {
                    throw invalid(n, "\(name).timeout '\(text)' must be an interval such as 2h or 30m")
                }
                schedule.timeoutSeconds = s
            }
            return schedule
        }

        func mapping(_ node: Node, _ label: String) throws(ScheduleFileError) -> [String: Node] {
            guard let m = node.mapping else {
                throw invalid(node, "\(label) must be a mapping with keys \(ScheduleFile.entryKeys.joined(separator: ", "))")
            }
            var out: [String: Node] = [:]
            for (k, v) in m {
                guard let key = k.scalar?.string else { throw invalid(k, "\(label) has a key that is not a plain word") }
                guard ScheduleFile.entryKeys.contains(key) else {
                    throw invalid(k, "unknown key '\(key)' in \(label); expected one of: "
                                  + ScheduleFile.entryKeys.joined(separator: ", "))
                }
                out[key] = v
            }
            return out
        }

        func string(_ node: Node, _ label: String) throws(ScheduleFileError) -> String {
            guard let s = node.scalar, node.null == nil else { throw invalid(node, "\(label) must be a string") }
            return s.string
        }

        func strings(_ node: Node, _ label: String) throws(ScheduleFileError) -> [String] {
            guard let seq = node.sequence else { throw invalid(node, "\(label) must be a list, e.g. [us-east-1]") }
            var out: [String] = []
            for item in seq { out.append(try string(item, "each entry of \(label)")) }
            return out
        }

        func bool(_ node: Node, _ label: String) throws(ScheduleFileError) -> Bool {
            guard let b = node.bool else { throw invalid(node, "\(label) must be true or false") }
            return b
        }

        func invalid(_ node: Node, _ message: String) -> ScheduleFileError {
            ScheduleFileError(code: "scheduler.config.invalid", file: file, line: node.mark?.line,
                              column: node.mark?.column, message: message)
        }
    }
}
