import Foundation

/// Where Palisade keeps state and where its bus listens, from the environment:
/// `PALISADE_HOME` (default `./.palisade`) and `PALISADE_BUS` (default `ipc://<home>/run/bus.ipc`).
public struct PalisadeEnvironment: Sendable {
    public var dataDirectory: URL
    public var busEndpoint: String

    public init(dataDirectory: URL, busEndpoint: String) {
        self.dataDirectory = dataDirectory
        self.busEndpoint = busEndpoint
    }

    public static func current(_ env: [String: String] = ProcessInfo.processInfo.environment) -> PalisadeEnvironment {
        let dir: URL
        if let home = env["PALISADE_HOME"], !home.isEmpty {
            dir = URL(fileURLWithPath: home, isDirectory: true).standardizedFileURL
        } else {
            dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
                .appendingPathComponent(".palisade", isDirectory: true)
        }
        let bus = env["PALISADE_BUS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "ipc://" + dir.appendingPathComponent("run/bus.ipc").path
        return PalisadeEnvironment(dataDirectory: dir, busEndpoint: bus)
    }

    /// Directory for sockets and pid files.
    public var runDirectory: URL { dataDirectory.appendingPathComponent("run", isDirectory: true) }
}
