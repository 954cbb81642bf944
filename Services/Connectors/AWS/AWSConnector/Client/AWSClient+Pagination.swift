import Foundation

extension AWSClient {
    /// IAM list call followed through `Marker`/`IsTruncated`; returns the `member`s of `<Result>/<list>`.
    public func iamList(_ action: String, list: String, params: [(String, String)] = [],
                        maxItems: Int? = nil) async throws -> [XMLNode] {
        var marker: String?
        var members: [XMLNode] = []
        repeat {
            var p = params
            if let maxItems { p.append(("MaxItems", String(maxItems))) }
            if let marker { p.append(("Marker", marker)) }
            let doc = try await query(service: "iam", region: "us-east-1", action: action, version: "2010-05-08",
                                      params: p)
            let result = doc.child("\(action)Result") ?? doc
            members += result.list(list)
            marker = result.bool("IsTruncated") == true ? result.string("Marker") : nil
        } while marker != nil
        return members
    }

    /// EC2 describe call followed through `NextToken`; returns the `item`s of `list`.
    public func ec2List(_ action: String, list: String, region: String, params: [(String, String)] = [],
                        maxResults: Int? = 1000) async throws -> [XMLNode] {
        var token: String?
        var items: [XMLNode] = []
        repeat {
            var p = params
            if let maxResults { p.append(("MaxResults", String(maxResults))) }
            if let token { p.append(("NextToken", token)) }
            let doc = try await query(service: "ec2", region: region, action: action, version: "2016-11-15", params: p)
            items += doc.list(list)
            token = doc.string("nextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return items
    }
}
