import ArgumentParser

struct BenchOptions: ParsableArguments {
    @Option(help: "Copies of the demo estate to seed (1 = a few dozen resources).")
    var scale: Int = 1

    @Option(help: "Also seed an IAM-heavy estate of this many users and roles with inline and managed policies.")
    var iamPrincipals: Int = 0

    @Option(help: "Region to seed and scan.")
    var region: String = "us-east-1"

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Keep the temporary state directory.")
    var keep = false

    func validate() throws {
        guard (1...500).contains(scale) else { throw ValidationError("--scale must be between 1 and 500") }
        guard (0...20_000).contains(iamPrincipals) else {
            throw ValidationError("--iam-principals must be between 0 and 20000")
        }
    }
}
