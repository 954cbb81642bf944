import Foundation
import PalisadeModel
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// EFS file systems against moto checking signatures: an encrypted one with automatic backups and a file system
/// policy, and a bare one (no encryption, no backup policy, no file system policy).
@Suite(.serialized, .timeLimit(.minutes(5))) struct EFSCollectorTests {
    static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// A user allowed everything, made while moto still accepts any keys; its keys are what the scan signs with.
    static func scanner(_ moto: MotoServer) async throws -> AWSCredentials {
        let setup = moto.client(AWSCredentials(accessKeyID: "AKIAEFSSETUP0000", secretAccessKey: "setup"))
        func iam(_ action: String, _ params: [(String, String)]) async throws -> XMLNode {
            try await setup.query(service: "iam", region: "us-east-1", action: action, version: "2010-05-08", params: params)
        }
        _ = try await iam("CreateUser", [("UserName", "efs-scanner")])
        _ = try await iam("PutUserPolicy", [("UserName", "efs-scanner"), ("PolicyName", "all"),
                                            ("PolicyDocument", allowAll)])
        let key = try await iam("CreateAccessKey", [("UserName", "efs-scanner")])
        return AWSCredentials(accessKeyID: try #require(key.first("AccessKeyId")?.text),
                              secretAccessKey: try #require(key.first("SecretAccessKey")?.text))
    }

    @Test func fileSystemsShowEncryptionBackupsAndPolicy() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let creds = try await Self.scanner(moto)
        let client = moto.client(creds)
        func create(_ body: JSONValue) async throws -> String {
            let fs = try await client.restJSON(service: "elasticfilesystem", region: "us-east-1", method: "POST",
                                               path: "/2015-02-01/file-systems", body: body, operation: "CreateFileSystem")
            return try #require(fs["FileSystemId"]?.stringValue)
        }
        let keyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
        let secure = try await create(["CreationToken": "secure", "Encrypted": true, "KmsKeyId": .string(keyArn),
                                       "Backup": true, "PerformanceMode": "generalPurpose", "ThroughputMode": "elastic",
                                       "Tags": [["Key": "Name", "Value": "palisade-efs-secure"]]])
        let bare = try await create(["CreationToken": "bare", "Tags": [["Key": "Name", "Value": "palisade-efs-bare"]]])
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
        _ = try await client.restJSON(service: "elasticfilesystem", region: "us-east-1", method: "PUT",
                                      path: "/2015-02-01/file-systems/\(secure)/policy", body: ["Policy": .string(policy)],
                                      operation: "PutFileSystemPolicy")
        try await moto.requireAuth(afterActions: 0)

        let got = Mutex<[Resource]>([])
        let scopes = await EFSCollector(CollectorContext(client: client, account: "123456789012"), pageSize: 1)
            .collect(region: "us-east-1") { r in got.withLock { $0.append(r) } }
        #expect(scopes.map(\.status) == [.ok], "\(scopes)")
        let systems = got.withLock { $0 }
        #expect(systems.count == 2)  // followed NextMarker with one per page

        let s = try #require(systems.first { $0.name == "palisade-efs-secure" })
        #expect(s.type == "aws.efs.file_system")
        #expect(s.id == "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/\(secure)")
        #expect(s.region == "us-east-1")
        #expect(s.tags["Name"] == "palisade-efs-secure")
        #expect(s.properties["fileSystemId"] == .string(secure))
        #expect(s.properties["encrypted"] == true)
        #expect(s.properties["kmsKeyId"] == .string(keyArn))
        #expect(s.properties["performanceMode"] == "generalPurpose")
        #expect(s.properties["throughputMode"] == "elastic")
        #expect(s.properties["backupPolicy"] == "ENABLED")
        #expect(s.properties.value(at: "policy.Statement")?[0]?["Effect"] == "Deny")
        #expect(s.properties.value(at: "raw.FileSystemId") == .string(secure))
        #expect(s.unknown.isEmpty, "\(s.unknown)")

        let b = try #require(systems.first { $0.name == "palisade-efs-bare" })
        #expect(b.properties["encrypted"] == false)
        #expect(b.properties["backupPolicy"] == .null)  // PolicyNotFound: automatic backups never turned on
        #expect(b.properties["policy"] == .null)        // PolicyNotFound: no file system policy
        #expect(b.unknown.isEmpty, "\(b.unknown)")
    }

    @Test func detailsKeepAMissingEncryptionFlagUnknown() async throws {
        let details = EFSCollector.details(["FileSystemId": "fs-1", "CreationTime": 1_700_000_000])
        #expect(details["encrypted"] == nil)
        #expect(details["creationTime"] == "2023-11-14T22:13:20Z")
        #expect(EFSCollector.permissions.contains("elasticfilesystem:DescribeBackupPolicy"))
        #expect(AWSCollectors.all.contains { ObjectIdentifier($0) == ObjectIdentifier(EFSCollector.self) })
    }
}
