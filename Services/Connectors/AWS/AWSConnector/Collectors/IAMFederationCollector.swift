import Foundation
import PalisadeModel

/// The identity providers IAM trusts (region `global`): SAML providers and OpenID Connect providers.
public struct IAMFederationCollector: AWSCollector {
    public static let service = "iam"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.iam.saml_provider", "aws.iam.oidc_provider"]
    public static let permissions = [
        "iam:ListSAMLProviders", "iam:GetSAMLProvider", "iam:ListOpenIDConnectProviders",
        "iam:GetOpenIDConnectProvider",
    ]

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    var client: AWSClient { ctx.client }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        var scopes: [ScopeResult] = []
        // Neither list call pages: each returns every provider at once.
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.saml_provider"]) {
            let providers = try await client.iam("ListSAMLProviders").list("SAMLProviderList")
            await ctx.forEach(providers, emit: emit) { await self.samlProvider($0) }
        })
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.oidc_provider"]) {
            let providers = try await client.iam("ListOpenIDConnectProviders").list("OpenIDConnectProviderList")
            await ctx.forEach(providers, emit: emit) { await self.oidcProvider($0) }
        })
        return scopes
    }

    /// ListSAMLProviders gives the ARN and dates; GetSAMLProvider adds tags, the metadata document and the
    /// assertion encryption mode.
    func samlProvider(_ m: XMLNode) async -> Resource {
        let arn = m.string("Arn") ?? ""
        var bag = PropertyBag()
        bag["arn"] = .string(arn)
        bag["validUntil"] = .optionalString(m.string("ValidUntil"))
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        var tags: [String: String] = [:]
        switch await ctx.attempt({ try await client.iam("GetSAMLProvider", [("SAMLProviderArn", arn)]) }) {
        case .success(let full):
            var raw = m
            raw.children += full.children.filter { c in !raw.children.contains { $0.name == c.name } }
            bag["raw"] = raw.jsonValue
            bag["assertionEncryptionMode"] = .optionalString(full.string("AssertionEncryptionMode"))
            bag["metadataDocumentPresent"] = .bool(!(full.string("SAMLMetadataDocument") ?? "").isEmpty)
            tags = full.iamTags
        case .failure(let e):
            bag["raw"] = m.jsonValue
            for key in ["assertionEncryptionMode", "metadataDocumentPresent", "tags"] { bag.unknown[key] = e.reason }
        }
        return bag.resource(id: arn, account: ctx.account, region: "global", type: "aws.iam.saml_provider",
                            name: Self.lastPathPart(arn), tags: tags)
    }

    /// ListOpenIDConnectProviders gives only ARNs; everything else comes from GetOpenIDConnectProvider.
    func oidcProvider(_ m: XMLNode) async -> Resource {
        let arn = m.string("Arn") ?? ""
        var bag = PropertyBag()
        bag["arn"] = .string(arn)
        var tags: [String: String] = [:]
        switch await ctx.attempt({ try await client.iam("GetOpenIDConnectProvider", [("OpenIDConnectProviderArn", arn)]) }) {
        case .success(let full):
            bag["url"] = .optionalString(full.string("Url"))
            bag["clientIds"] = .array(full.list("ClientIDList").map { .string($0.text) })
            bag["thumbprints"] = .array(full.list("ThumbprintList").map { .string($0.text) })
            bag["createDate"] = .optionalString(full.string("CreateDate"))
            bag["raw"] = full.jsonValue
            tags = full.iamTags
        case .failure(let e):
            for key in ["url", "clientIds", "thumbprints", "createDate", "raw", "tags"] { bag.unknown[key] = e.reason }
        }
        // The ARN ends with the provider's host and path (`oidc-provider/token.actions.githubusercontent.com`).
        let name = arn.components(separatedBy: ":oidc-provider/").last ?? arn
        return bag.resource(id: arn, account: ctx.account, region: "global", type: "aws.iam.oidc_provider",
                            name: name, tags: tags)
    }

    static func lastPathPart(_ arn: String) -> String { arn.split(separator: "/").last.map(String.init) ?? arn }
}
