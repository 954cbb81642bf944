import PalisadeBenchmark
import PalisadeModel

extension FormatContext {
    /// The built-in catalog: every check shipped in PalisadeBenchmark (expression and graph-decided) with the
    /// requirements of the built-in standards it maps to — what `Benchmark.load()` reads for the assessor and the CLI.
    public static func builtIn() throws -> FormatContext {
        try FormatContext(benchmark: Benchmark.load(builtIn: true))
    }

    /// The checks and standards of a loaded benchmark (built-in plus any custom checks and catalogs).
    public init(benchmark: Benchmark, productVersion: String = "0.13.0") {
        var checks: [String: Check] = [:]
        for c in benchmark.checks {
            let m = c.metadata
            let requirements = m.standards.compactMap(StandardRef.init).map { ref in
                let standard = benchmark.standard(id: ref.standard)
                return Requirement(standard: ref.standard, standardVersion: standard?.version, id: ref.requirement,
                                   title: standard?.requirement(id: ref.requirement)?.title)
            }
            checks[m.id] = Check(id: m.id, title: m.title, description: m.rationale, remediation: m.remediation.text,
                                 severity: m.severity, requirements: requirements)
        }
        self.init(checks: checks, productVersion: productVersion)
    }
}
