import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Readies an endpoint for binding. For `ipc://`: creates the parent directory and removes a stale socket
/// file, but refuses (address in use) when a live process still accepts connections on it.
enum BrokerEndpoint {
    /// Returns the ipc socket file path, if any.
    static func prepare(_ endpoint: String) throws -> String? {
        guard endpoint.hasPrefix("ipc://") else { return nil }
        let path = String(endpoint.dropFirst("ipc://".count))
        guard !path.isEmpty, !path.hasPrefix("@") else { return nil }  // "@": Linux abstract namespace, no file
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw GatewayError(code: "gateway.bind.failed",
                                   message: "cannot create the directory '\(parent)' for the bus socket: \(error)")
            }
        }
        guard FileManager.default.fileExists(atPath: path) else { return path }
        if acceptsConnections(path) {
            throw GatewayError(code: "gateway.bind.failed",
                               message: "address in use: a live process listens on '\(path)'. Stop the other "
                                   + "palisade-gateway, or set PALISADE_BUS / PALISADE_HOME to another location.")
        }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw GatewayError(code: "gateway.bind.failed",
                               message: "cannot remove the stale bus socket '\(path)': \(error)")
        }
        return path
    }

    /// True when a Unix-domain stream socket at `path` accepts a connection.
    static func acceptsConnections(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return rc == 0
    }
}
