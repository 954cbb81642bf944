import PalisadeIAM
import PalisadeModel
import Testing

/// The catalogue is data: its size, its ids and that every entry is well formed.
@Suite struct EscalationCatalogTests {
    @Test func holdsAtLeastThirtyDistinctMethods() {
        let all = EscalationCatalog.all
        #expect(all.count >= 30)
        #expect(all.count == 44)  // pinned: a method added or dropped is a decision
        #expect(Set(all.map(\.id)).count == all.count)
    }

    @Test func everyMethodIsWellFormed() throws {
        for m in EscalationCatalog.all {
            #expect(!m.requires.isEmpty && m.requires.allSatisfy { !$0.isEmpty }, "\(m.id)")
            #expect(!m.title.isEmpty && !m.description.isEmpty, "\(m.id)")
            for a in m.allActions { #expect(a.split(separator: ":").count == 2, "\(m.id): \(a)") }
            #expect(m.needsPassRole == (m.target == .passableRole), "\(m.id)")
            #expect(m.needsPassRole == (m.passedToService != nil), "\(m.id)")
            #expect((m.target == .workload) == (m.workloadType != nil), "\(m.id)")
            // The id names the first alternative's actions.
            #expect(m.id == ((m.needsPassRole ? ["iam:PassRole"] : []) + m.requires[0]).joined(separator: "+")
                        || m.id.hasPrefix("iam:PassRole+sagemaker:CreateNotebookInstance"), "\(m.id)")
            #expect(EscalationCatalog.method(id: m.id) == m)
        }
    }

    @Test func coversTheReferenceFamilies() {
        let ids = Set(EscalationCatalog.all.map(\.id))
        for id in ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:CreateAccessKey", "iam:CreateLoginProfile",
                   "iam:UpdateLoginProfile", "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:PutGroupPolicy",
                   "iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:AttachGroupPolicy", "iam:AddUserToGroup",
                   "iam:UpdateAssumeRolePolicy+sts:AssumeRole", "iam:PassRole+ec2:RunInstances",
                   "iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction",
                   "iam:PassRole+lambda:CreateFunction+lambda:CreateEventSourceMapping",
                   "iam:PassRole+cloudformation:CreateStack", "iam:PassRole+codebuild:CreateProject+codebuild:StartBuild",
                   "iam:PassRole+ecs:RegisterTaskDefinition+ecs:RunTask", "iam:PassRole+glue:CreateDevEndpoint",
                   "lambda:UpdateFunctionCode", "cloudformation:UpdateStack", "codebuild:StartBuild", "ssm:SendCommand",
                   "ssm:StartSession", "ec2-instance-connect:SendSSHPublicKey",
                   "ec2:ModifyInstanceAttribute+ec2:StopInstances+ec2:StartInstances"] {
            #expect(ids.contains(id), "\(id)")
        }
    }
}
