import Foundation

/// A plain-text table: left-aligned columns sized to their widest cell, long cells clipped.
public struct Table: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    public var maxCellWidth: Int

    public init(headers: [String], rows: [[String]], maxCellWidth: Int = 60) {
        self.headers = headers
        self.rows = rows
        self.maxCellWidth = maxCellWidth
    }

    public func render() -> String {
        let clipped = ([headers] + rows).map { row in
            row.map { $0.count > maxCellWidth ? String($0.prefix(maxCellWidth - 1)) + "…" : $0 }
        }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in clipped {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = [line(clipped[0]), line(widths.map { String(repeating: "-", count: $0) })]
        out += clipped.dropFirst().map(line)
        return out.joined(separator: "\n")
    }
}

extension Table {
    /// RFC 4180 CSV: header row then rows, CRLF line ends, fields quoted when they hold a comma, quote or newline.
    /// A field starting with `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet does not run it as a formula.
    public func csv() -> String {
        func field(_ raw: String) -> String {
            var s = raw
            if let first = s.first, "=+-@".contains(first) { s = "'" + s }
            guard s.contains(where: { ",\"\n\r".contains($0) }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return ([headers] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }
}
