import Foundation
import PalisadeProtocol

/// Writes results as a table or as JSON.
enum Printer {
    static func json(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

    static func emit(_ value: some Encodable, as format: OutputFormat, table: () -> String) {
        switch format {
        case .json: json(value)
        case .table: print(table())
        }
    }

    static func progress(_ line: String) {
        let tty = isatty(STDERR_FILENO) == 1
        FileHandle.standardError.write(Data((tty ? "\r\u{1B}[2K" + line : line + "\n").utf8))
    }

    static func endProgress() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

extension Date {
    var short: String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: self)
    }
}
