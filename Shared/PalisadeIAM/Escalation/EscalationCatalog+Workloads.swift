/// Methods without PassRole: change the code, configuration or commands of an existing resource that already
/// runs with a role, and act as that role.
extension EscalationCatalog {
    private static func workload(_ id: String, _ title: String, _ requires: [[String]], type: String,
                                 _ description: String) -> EscalationMethod {
        EscalationMethod(id: id, title: title, requires: requires, target: .workload, workloadType: type,
                         description: description)
    }

    static let workloads: [EscalationMethod] = [
        workload("lambda:UpdateFunctionCode", "Replace the code of a function that has a role",
                 [["lambda:UpdateFunctionCode"]], type: "aws.lambda.function",
                 "Uploads new code to an existing function; the next invocation runs it with the function's role."),
        workload("lambda:UpdateFunctionConfiguration", "Add a layer or change the handler of a function that has a role",
                 [["lambda:UpdateFunctionConfiguration"]], type: "aws.lambda.function",
                 "Adds a malicious layer (or a new handler/runtime wrapper) to an existing function, which then runs it with its role."),
        workload("ec2:ModifyInstanceAttribute+ec2:StopInstances+ec2:StartInstances", "Rewrite the user data of an instance that has a role",
                 [["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"]], type: "aws.ec2.instance",
                 "Stops an instance, replaces its user data with a script, and starts it: the script runs as root with the instance's role."),
        workload("ssm:SendCommand", "Run a command on an instance that has a role",
                 [["ssm:SendCommand"]], type: "aws.ec2.instance",
                 "Runs a shell command through Systems Manager on a managed instance and reads its role's credentials."),
        workload("ssm:StartSession", "Open a shell on an instance that has a role",
                 [["ssm:StartSession"]], type: "aws.ec2.instance",
                 "Opens a Session Manager shell on a managed instance and uses its role."),
        workload("ec2-instance-connect:SendSSHPublicKey", "Push an SSH key to an instance that has a role",
                 [["ec2-instance-connect:SendSSHPublicKey"], ["ec2-instance-connect:SendSerialConsoleSSHPublicKey"]],
                 type: "aws.ec2.instance",
                 "Pushes a one-time SSH key through EC2 Instance Connect and logs in (needs network reach to port 22, or the serial console)."),
        workload("ec2:CreateLaunchTemplateVersion+ec2:ModifyLaunchTemplate", "Rewrite the launch template of instances with a role",
                 [["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"]], type: "aws.ec2.launch_template",
                 "Adds a template version with new user data and makes it the default; instances launched from it (an Auto Scaling group) run it with the template's role."),
        workload("cloudformation:UpdateStack", "Update a stack that has a service role",
                 [["cloudformation:UpdateStack"]], type: "aws.cloudformation.stack",
                 "Updates an existing stack with a new template; CloudFormation applies it with the stack's service role."),
        workload("cloudformation:CreateChangeSet+cloudformation:ExecuteChangeSet", "Change a stack that has a service role through a change set",
                 [["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"]], type: "aws.cloudformation.stack",
                 "Creates and executes a change set on an existing stack, applied with the stack's service role."),
        workload("codebuild:StartBuild", "Run an existing build project with an overridden buildspec",
                 [["codebuild:StartBuild"], ["codebuild:StartBuildBatch"]], type: "aws.codebuild.project",
                 "Starts a build of an existing project with a buildspec override; the commands run with the project's service role."),
        workload("glue:UpdateDevEndpoint", "Add an SSH key to a Glue development endpoint",
                 [["glue:UpdateDevEndpoint"]], type: "aws.glue.dev_endpoint",
                 "Adds the principal's public key to an existing dev endpoint and uses its role over SSH."),
        workload("sagemaker:CreatePresignedNotebookInstanceUrl", "Open an existing notebook instance",
                 [["sagemaker:CreatePresignedNotebookInstanceUrl"]], type: "aws.sagemaker.notebook_instance",
                 "Opens a Jupyter session on an existing notebook instance and runs code with its role."),
        workload("apprunner:UpdateService", "Change the start command of an App Runner service",
                 [["apprunner:UpdateService"]], type: "aws.apprunner.service",
                 "Changes an existing App Runner service's image or start command; it then runs with the service's instance role."),
    ]
}
