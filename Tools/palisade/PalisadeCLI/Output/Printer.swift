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

    /// Prints `value` as JSON, as the text `table` renders, or as CSV of the rows `csv` gives (a command without
    /// a CSV form falls back to JSON and says so on stderr).
    static func emit(_ value: some Encodable, as format: OutputFormat, csv: (() -> Table)? = nil,
                     table: () -> String) {
        switch format {
        case .json: json(value)
        case .table: print(table())
        case .csv:
            guard let csv else {
                FileHandle.standardError.write(Data("note: this command has no CSV form; printing JSON\n".utf8))
                json(value)
                return
            }
            print(csv().csv(), terminator: "")
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
