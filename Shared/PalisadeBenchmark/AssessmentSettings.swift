import Foundation
import Yams

/// Where the assessor finds user checks and mute rules: `<PALISADE_HOME>/palisade.yaml` (optional) plus the
/// environment (`PALISADE_CHECKS_DIR`, several directories separated by `:`; `PALISADE_MUTES`), which
/// `palisade up --checks-dir DIR --mutes FILE` sets.
///
/// ```yaml
/// checks_dirs: [../our-checks]      # relative paths are relative to this file's directory
/// mutes: mutes.yaml                  # default: <PALISADE_HOME>/mutes.yaml
/// ```
public struct AssessmentSettings: Sendable, Hashable {
    public var checkDirectories: [URL]
    public var mutesFile: URL

    public static func load(home: URL, environment: [String: String]) throws(BenchmarkError) -> AssessmentSettings {
        let file = home.appendingPathComponent("palisade.yaml")
        var dirs: [URL] = []
        var mutes = home.appendingPathComponent("mutes.yaml")
        if let data = FileManager.default.contents(atPath: file.path) {
            let text = String(decoding: data, as: UTF8.self)
            let parsed: Any?
            do { parsed = try Yams.load(yaml: text) } catch {
                throw BenchmarkError(code: "settings.yaml", file: file.path, message: "not valid YAML: \(error)")
            }
            guard let map = (parsed ?? [String: Any]()) as? [String: Any] else {
                throw BenchmarkError(code: "settings.invalid", file: file.path, line: 1, column: 1,
                                     message: "expected a mapping with checks_dirs and/or mutes")
            }
            for key in map.keys where !["checks_dirs", "mutes"].contains(key) {
                throw BenchmarkError(code: "settings.invalid", file: file.path,
                                     message: "unknown setting '\(key)': expected checks_dirs or mutes")
            }
            let base = home
            if let list = map["checks_dirs"] {
                guard let paths = list as? [String] else {
                    throw BenchmarkError(code: "settings.invalid", file: file.path, message: "checks_dirs must be a list of paths")
                }
                dirs += paths.map { URL(fileURLWithPath: $0, relativeTo: base).standardizedFileURL }
            }
            if let m = map["mutes"] {
                guard let path = m as? String else {
                    throw BenchmarkError(code: "settings.invalid", file: file.path, message: "mutes must be a path")
                }
                mutes = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
            }
        }
        dirs += (environment["PALISADE_CHECKS_DIR"] ?? "").split(separator: ":")
            .map { URL(fileURLWithPath: String($0), isDirectory: true).standardizedFileURL }
        if let m = environment["PALISADE_MUTES"], !m.isEmpty { mutes = URL(fileURLWithPath: m).standardizedFileURL }
        return AssessmentSettings(checkDirectories: dirs, mutesFile: mutes)
    }
}
