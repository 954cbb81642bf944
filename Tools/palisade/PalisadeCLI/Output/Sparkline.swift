/// A terminal sparkline: one block per value, scaled between the series' own minimum (▁) and maximum (█), so a
/// small move still shows. A flat series (or a single point) is a row of mid-height blocks (▄). Past `width`
/// values, the latest `width` are drawn.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func render(_ values: [Double], width: Int = 60) -> String {
        let shown = values.suffix(width)
        guard let lo = shown.min(), let hi = shown.max() else { return "" }
        guard hi - lo > 1e-9 else { return String(repeating: blocks[3], count: shown.count) }
        return String(shown.map { v in blocks[Int(((v - lo) / (hi - lo) * Double(blocks.count - 1)).rounded())] })
    }
}
