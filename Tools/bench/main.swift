// palisade-bench: seeds a moto estate at a given scale, runs the real stack, times one full scan and
// prints wall time, API calls, per-stage times and the peak RSS of every Palisade process.
import ArgumentParser
import Foundation

let options = BenchOptions.parseOrExit()
do {
    let report = try await BenchRun(options: options).run()
    print(options.json ? report.json() : report.text())
} catch {
    FileHandle.standardError.write(Data("palisade-bench: \(error)\n".utf8))
    exit(1)
}
