import Foundation

/// Runs a real reference implementation (dpkg, Python's `packaging`) over lines on stdin and returns
/// its output lines. The input goes through a file so a long exchange cannot dead-lock on a pipe.
enum ExternalOracle {
    struct Failed: Error, CustomStringConvertible { let description: String }

    /// Starts one process per chunk of input, all at once, and returns their output in input order.
    static func run(_ executable: String, _ arguments: [String], chunks: [[String]]) throws -> [String] {
        var running: [(Process, Pipe, URL)] = []
        for (n, lines) in chunks.enumerated() {
            let input = FileManager.default.temporaryDirectory
                .appendingPathComponent("scanner-oracle-\(ProcessInfo.processInfo.processIdentifier)-\(n).txt")
            try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardInput = try FileHandle(forReadingFrom: input)
            let output = Pipe()
            process.standardOutput = output
            let errors = FileManager.default.temporaryDirectory.appendingPathComponent(input.lastPathComponent + ".err")
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
            running.append((process, output, input))
        }
        var result: [String] = []
        for (process, output, input) in running {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let errors = input.appendingPathExtension("err")
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: errors)
            guard process.terminationStatus == 0 else {
                throw Failed(description: "\(executable) exited with \(process.terminationStatus): \(stderr.suffix(2_000))")
            }
            result += String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
        }
        return result
    }

    /// Splits work into `count` nearly equal chunks (one process each).
    static func chunked<T>(_ items: [T], into count: Int) -> [[T]] {
        let size = max(1, (items.count + count - 1) / count)
        return stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}
