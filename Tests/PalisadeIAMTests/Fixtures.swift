import PalisadeIAM
import PalisadeModel

func policy(_ text: String) throws -> PolicyDocument {
    try PolicyDocument(json: JSONValue.parse(text))
}

enum Policies {
    static let administratorAccess = """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    """
    static let powerUserAccess = """
    {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
      {"Effect": "Allow", "Action": ["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles",
        "organizations:DescribeOrganization", "account:ListRegions"], "Resource": "*"}
    ]}
    """
    static let s3ReadOnly = """
    {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "s3-object-lambda:Get*"], "Resource": "*"}
    ]}
    """
    static let appBucketWriter = """
    {"Version": "2012-10-17", "Statement": {"Sid": "Write", "Effect": "Allow",
      "Action": ["s3:PutObject", "s3:GetObject"], "Resource": ["arn:aws:s3:::app-data/*"]}}
    """
    static let denyProdBucket = """
    {"Version": "2012-10-17", "Statement": [
      {"Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::prod-secrets", "arn:aws:s3:::prod-secrets/*"]}
    ]}
    """
    static let publicReadBucket = """
    {"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
      "Action": ["s3:GetObject", "s3:GetObjectVersion"], "Resource": ["arn:aws:s3:::www-site/*"]}]}
    """
    static let bucketBySourceIp = """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
      "Action": "s3:GetObject", "Resource": "arn:aws:s3:::office/*",
      "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.7/32"]}}}]}
    """
    static let bucketByOrg = """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["*"]},
      "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::shared/*",
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
    """
    static let bucketTLSOnly = """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::tls/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}
    """
    static let bucketDenyOutsideVpce = """
    {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::internal/*"},
      {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
       "Resource": ["arn:aws:s3:::internal", "arn:aws:s3:::internal/*"],
       "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}
    ]}
    """
    static let ec2TrustPolicy = """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
      "Action": "sts:AssumeRole"}]}
    """
    static let crossAccountTrust = """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole",
      "Condition": {"StringEquals": {"sts:ExternalId": "x-123"}}}]}
    """
    static let openTrust = """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
      "Action": "sts:AssumeRole"}]}
    """
    static let githubOIDCTrust = """
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}}]}
    """
}
