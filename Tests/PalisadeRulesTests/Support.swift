import Foundation
import PalisadeModel
import PalisadeRules

let testNow = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

func bucket(_ properties: JSONValue, unknown: [String: String] = [:], tags: [String: String] = [:]) -> Resource {
    Resource(id: "arn:aws:s3:::b", account: "111122223333", region: "eu-west-1", type: "aws.s3.bucket", name: "b",
             tags: tags, properties: properties, unknown: unknown)
}

/// Evaluates `source` on a resource and returns the raw value (or the run-time error's message).
func eval(_ source: String, _ resource: Resource = bucket([:]), related: [String: Value] = [:]) throws -> Value {
    let e = try CheckExpression(source)
    switch e.value(for: resource, related: related, now: testNow) {
    case .success(let v): return v
    case .failure(let err): throw err
    }
}

func outcome(_ source: String, _ resource: Resource = bucket([:])) throws -> Outcome {
    try CheckExpression(source).evaluate(resource, now: testNow)
}

func compileError(_ source: String) -> RuleError? {
    do { _ = try CheckExpression(source); return nil } catch { return error }
}
