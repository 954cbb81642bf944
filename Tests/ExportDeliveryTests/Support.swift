import Foundation

/// A fresh scratch directory for one test.
func scratchDirectory(_ name: String = #function) throws -> URL {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("palisade-delivery-\(name.filter(\.isLetter).prefix(40))-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
