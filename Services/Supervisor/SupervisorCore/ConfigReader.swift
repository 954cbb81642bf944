import Foundation
import Yams

/// Walks a composed YAML tree into a `SupervisorConfig`, keeping line numbers for every error.
struct ConfigReader {
    let file: String

    func config(_ root: Node) throws(ConfigError) -> SupervisorConfig {
        let top = try mapping(root, "the top level",
                              keys: ["bus", "watchdog", "shutdown", "restart", "processes", "schedules", "sinks",
                                     "automations", "smtp", "ticketing"])
        var config = SupervisorConfig.defaults
        if let node = top["bus"] { config.busEnabled = try bool(node, "bus") }
        if let node = top["watchdog"] {
            let m = try mapping(node, "watchdog", keys: ["interval", "startGrace", "deadAfter"])
            if let n = m["interval"] { config.watchdog.interval = try duration(n, "watchdog.interval", positive: true) }
            if let n = m["startGrace"] { config.watchdog.startGrace = try duration(n, "watchdog.startGrace") }
            if let n = m["deadAfter"] { config.watchdog.deadAfter = try duration(n, "watchdog.deadAfter", positive: true) }
        }
        if let node = top["shutdown"] {
            let m = try mapping(node, "shutdown", keys: ["timeout", "killWait"])
            if let n = m["timeout"] { config.shutdownTimeout = try duration(n, "shutdown.timeout") }
            if let n = m["killWait"] { config.killWait = try duration(n, "shutdown.killWait") }
        }
        var restart = RestartPolicy.standard
        if let node = top["restart"] { restart = try policy(node, "restart", base: restart) }
        if let node = top["processes"] {
            config.processes = try processes(node, restart: restart)
        } else {
            config.processes = SupervisorConfig.defaultProcesses.map { var p = $0; p.restart = restart; return p }
        }
        return config
    }

    private func processes(_ node: Node, restart: RestartPolicy) throws(ConfigError) -> [ProcessSpec] {
        guard let seq = node.sequence else {
            throw invalid(node, "'processes' must be a list of process entries (each starting with '- name:')")
        }
        guard !seq.isEmpty else { throw invalid(node, "'processes' is empty; list at least one process") }
        var specs: [ProcessSpec] = []
        var seenNames: [String: Int] = [:]
        var seenServices: [String: Int] = [:]
        for (index, item) in seq.enumerated() {
            let label = "processes[\(index)]"
            let m = try mapping(item, label,
                                keys: ["name", "executable", "args", "env", "service", "broker", "restart", "replicas", "listen"])
            guard let nameNode = m["name"] else { throw invalid(item, "\(label) has no 'name'") }
            let name = try string(nameNode, "\(label).name")
            guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                throw invalid(nameNode, "\(label).name '\(name)' must be non-empty and must not contain '/'")
            }
            if let line = seenNames[name] {
                throw invalid(nameNode, "process name '\(name)' is used twice (first on line \(line))")
            }
            seenNames[name] = line(nameNode)
            guard let exeNode = m["executable"] else { throw invalid(item, "process '\(name)' has no 'executable'") }
            let executable = try string(exeNode, "\(name).executable")
            guard !executable.isEmpty else { throw invalid(exeNode, "process '\(name)' has an empty 'executable'") }
            var spec = ProcessSpec(name: name, executable: executable, restart: restart)
            if let n = m["args"] { spec.arguments = try strings(n, "\(name).args") }
            if let n = m["env"] { spec.environment = try environment(n, "\(name).env") }
            if let n = m["service"], n.null == nil {
                let service = try string(n, "\(name).service")
                if let line = seenServices[service] {
                    throw invalid(n, "service '\(service)' is watched twice (first on line \(line))")
                }
                seenServices[service] = line(n)
                spec.service = service
            }
            if let n = m["broker"] { spec.isBroker = try bool(n, "\(name).broker") }
            if let n = m["restart"] { spec.restart = try policy(n, "\(name).restart", base: restart) }
            if let n = m["listen"] {
                guard spec.isBroker else {
                    throw invalid(n, "\(name).listen is for the broker entry (broker: true) only")
                }
                let endpoints = try strings(n, "\(name).listen")
                for e in endpoints where !(e.hasPrefix("tcp://") || e.hasPrefix("ipc://")) {
                    throw invalid(n, "\(name).listen entry '\(e)' must be a tcp:// or ipc:// endpoint, "
                                  + "e.g. tcp://0.0.0.0:5570")
                }
                // The gateway reads its extra endpoints from PALISADE_BUS_LISTEN.
                if !endpoints.isEmpty { spec.environment["PALISADE_BUS_LISTEN"] = endpoints.joined(separator: ",") }
            }
            var replicas = 1
            if let n = m["replicas"] {
                guard let v = n.int, (1...SupervisorConfig.maxReplicas).contains(v) else {
                    throw invalid(n, "\(name).replicas must be an integer from 1 to \(SupervisorConfig.maxReplicas)")
                }
                guard !spec.isBroker || v == 1 else {
                    throw invalid(n, "\(name) is the broker; it runs once (replicas: 1)")
                }
                replicas = v
            }
            let expanded = spec.replicated(replicas)
            for r in expanded where r.name != name {
                if let line = seenNames[r.name] {
                    throw invalid(nameNode, "replica name '\(r.name)' is already used by a process (line \(line))")
                }
                seenNames[r.name] = line(nameNode)
            }
            specs += expanded
        }
        return specs
    }

    private func policy(_ node: Node, _ label: String, base: RestartPolicy) throws(ConfigError) -> RestartPolicy {
        let m = try mapping(node, label, keys: ["initialBackoff", "maxBackoff", "resetAfter", "crashLoop"])
        var p = base
        if let n = m["initialBackoff"] { p.initialBackoff = try duration(n, "\(label).initialBackoff", positive: true) }
        if let n = m["maxBackoff"] { p.maxBackoff = try duration(n, "\(label).maxBackoff", positive: true) }
        if let n = m["resetAfter"] { p.resetAfter = try duration(n, "\(label).resetAfter") }
        if let node = m["crashLoop"] {
            let c = try mapping(node, "\(label).crashLoop", keys: ["restarts", "window", "pause"])
            if let n = c["restarts"] {
                guard let v = n.int, v >= 1 else { throw invalid(n, "\(label).crashLoop.restarts must be an integer ≥ 1") }
                p.crashLoopRestarts = v
            }
            if let n = c["window"] { p.crashLoopWindow = try duration(n, "\(label).crashLoop.window", positive: true) }
            if let n = c["pause"] { p.crashLoopPause = try duration(n, "\(label).crashLoop.pause") }
        }
        guard p.maxBackoff >= p.initialBackoff else {
            throw invalid(node, "\(label).maxBackoff (\(p.maxBackoff.seconds)s) is below initialBackoff "
                + "(\(p.initialBackoff.seconds)s)")
        }
        return p
    }

    // MARK: - Scalars

    private func mapping(_ node: Node, _ label: String, keys allowed: [String]) throws(ConfigError) -> [String: Node] {
        guard let m = node.mapping else {
            throw invalid(node, "\(label) must be a mapping with keys \(allowed.joined(separator: ", "))")
        }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw invalid(k, "\(label) has a key that is not a plain word") }
            guard allowed.contains(key) else {
                throw invalid(k, "unknown key '\(key)' in \(label); expected one of: \(allowed.joined(separator: ", "))")
            }
            guard out[key] == nil else { throw invalid(k, "key '\(key)' appears twice in \(label)") }
            out[key] = v
        }
        return out
    }

    private func string(_ node: Node, _ label: String) throws(ConfigError) -> String {
        guard let s = node.scalar, node.null == nil else { throw invalid(node, "\(label) must be a string") }
        return s.string
    }

    private func strings(_ node: Node, _ label: String) throws(ConfigError) -> [String] {
        guard let seq = node.sequence else { throw invalid(node, "\(label) must be a list of strings, e.g. [\"--flag\"]") }
        var out: [String] = []
        for item in seq { out.append(try string(item, "each entry of \(label)")) }
        return out
    }

    private func environment(_ node: Node, _ label: String) throws(ConfigError) -> [String: String] {
        guard let m = node.mapping else { throw invalid(node, "\(label) must be a mapping of NAME: value") }
        var out: [String: String] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string, !key.isEmpty, !key.contains("=") else {
                throw invalid(k, "\(label) has an invalid variable name (empty or containing '=')")
            }
            guard key != "PALISADE_SUPERVISOR_PID" else {
                throw invalid(k, "\(label) must not set PALISADE_SUPERVISOR_PID; the supervisor sets it")
            }
            out[key] = try string(v, "\(label).\(key)")
        }
        return out
    }

    private func bool(_ node: Node, _ label: String) throws(ConfigError) -> Bool {
        guard let b = node.bool else { throw invalid(node, "\(label) must be true or false") }
        return b
    }

    /// A duration: a number of seconds (`2`, `0.5`) or a string with a unit (`500ms`, `2s`, `1m`).
    private func duration(_ node: Node, _ label: String, positive: Bool = false) throws(ConfigError) -> Duration {
        let hint = "\(label) must be a duration such as 2, 0.5, \"500ms\", \"2s\" or \"1m\""
        guard let scalar = node.scalar else { throw invalid(node, hint) }
        var seconds: Double?
        if let i = node.int { seconds = Double(i) } else if let f = node.float { seconds = f }
        if seconds == nil {
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0)] where text.hasSuffix(suffix) {
                if let v = Double(text.dropLast(suffix.count)) { seconds = v * factor }
                break
            }
        }
        guard let seconds, seconds.isFinite, seconds >= 0, seconds < 86_400 * 365 else { throw invalid(node, hint) }
        guard !positive || seconds > 0 else { throw invalid(node, "\(label) must be greater than zero") }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    private func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    private func invalid(_ node: Node, _ message: String) -> ConfigError {
        ConfigError(code: "supervisor.config.invalid", file: file, line: node.mark?.line, column: node.mark?.column,
                    message: message)
    }
}
