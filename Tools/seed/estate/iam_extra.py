"""IAM beyond users and roles: groups, customer-managed policies, a spare virtual MFA device, roles with and
without a permissions boundary, SAML and OIDC identity providers, and a server certificate.

Builds on the core users (alice-admin, bob-dev) and AdministratorAccess (seeder.admin_arn) from seed_aws.py.
moto 5.2.1 quirks met here: every uploaded server certificate is reported with Expiration 2012-05-08 (so it
shows as expired whatever its real dates); GetLoginProfile always answers PasswordResetRequired=false; the
credential report has no <root_account> row; ListVirtualMFADevices returns each device's TOTP seed.
"""
import datetime
import json

from botocore.exceptions import ClientError

S3_READ_DOC = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
     "Resource": ["arn:aws:s3:::palisade-demo-hardened", "arn:aws:s3:::palisade-demo-hardened/*"]}]}
PASSROLE_DOC = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}]}
EC2_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
SAML_METADATA = """<?xml version="1.0"?>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.palisade-demo.example.com">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor use="signing">
      <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>{cert}</X509Certificate></X509Data></KeyInfo>
    </KeyDescriptor>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
                         Location="https://idp.palisade-demo.example.com/sso"/>
  </IDPSSODescriptor>
</EntityDescriptor>"""


def created(call):
    """Runs a create call; True when it made something, False when it already existed."""
    try:
        call()
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] in ("EntityAlreadyExists", "EntityAlreadyExistsException"):
            return False
        raise


def certificate():
    """A throwaway self-signed certificate and key (PEM) for the demo server certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "legacy.palisade-demo.example.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM).decode(), pem_key.decode()


def seed(seeder, sfx):
    iam = seeder.client("iam")
    acct = seeder.account
    arn = f"arn:aws:iam::{acct}"

    # Managed policies: one that lets its holder pass any role to EC2 (privilege escalation), one scoped.
    passrole = f"palisade-demo-passrole{sfx}"
    created(lambda: iam.create_policy(PolicyName=passrole, PolicyDocument=json.dumps(PASSROLE_DOC)))
    seeder.note("bad", "aws.iam.policy", passrole, f"{arn}:policy/{passrole}",
                "iam:PassRole and ec2:RunInstances on every resource (privilege escalation)")
    s3_read = f"palisade-demo-s3-read{sfx}"
    s3_read_arn = f"{arn}:policy/{s3_read}"
    created(lambda: iam.create_policy(PolicyName=s3_read, PolicyDocument=json.dumps(S3_READ_DOC),
                                      Description="Read the hardened demo bucket"))
    seeder.note("hardened", "aws.iam.policy", s3_read, s3_read_arn, "read-only on one bucket")

    # Groups: admins carry AdministratorAccess to alice; readers get the scoped policy plus an inline one.
    admins = f"palisade-demo-admins{sfx}"
    if created(lambda: iam.create_group(GroupName=admins)):
        iam.attach_group_policy(GroupName=admins, PolicyArn=seeder.admin_arn)
        iam.add_user_to_group(GroupName=admins, UserName=f"alice-admin{sfx}")
    seeder.note("bad", "aws.iam.group", admins, f"{arn}:group/{admins}", "AdministratorAccess for every member")
    readers = f"palisade-demo-readers{sfx}"
    if created(lambda: iam.create_group(GroupName=readers)):
        iam.attach_group_policy(GroupName=readers, PolicyArn=s3_read_arn)
        iam.put_group_policy(GroupName=readers, PolicyName="deny-iam", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}))
        iam.add_user_to_group(GroupName=readers, UserName=f"bob-dev{sfx}")
    seeder.note("hardened", "aws.iam.group", readers, f"{arn}:group/{readers}", "read-only on one bucket, IAM denied")

    # A virtual MFA device nobody uses (bob-dev's, from the core, is assigned).
    spare = f"palisade-demo-spare{sfx}"
    created(lambda: iam.create_virtual_mfa_device(VirtualMFADeviceName=spare))
    seeder.note("bad", "aws.iam.virtual_mfa_device", spare, f"{arn}:mfa/{spare}", "created but assigned to no user")

    # Roles: 12-hour sessions and no boundary vs 1-hour sessions capped by a permissions boundary.
    long_role = f"palisade-demo-long-session-role{sfx}"
    created(lambda: iam.create_role(RoleName=long_role, AssumeRolePolicyDocument=json.dumps(EC2_TRUST),
                                    MaxSessionDuration=43200))
    seeder.note("bad", "aws.iam.role", long_role, f"{arn}:role/{long_role}", "12-hour sessions, no permissions boundary")
    bounded = f"palisade-demo-bounded-role{sfx}"
    created(lambda: iam.create_role(RoleName=bounded, AssumeRolePolicyDocument=json.dumps(EC2_TRUST),
                                    MaxSessionDuration=3600, PermissionsBoundary=s3_read_arn,
                                    Tags=[{"Key": "team", "Value": "platform"}]))
    seeder.note("hardened", "aws.iam.role", bounded, f"{arn}:role/{bounded}",
                "1-hour sessions, permissions boundary read-only on one bucket")

    # Identity providers (not judged: trust in them is decided by the roles that name them).
    idp = f"palisade-demo-idp{sfx}"
    if f"{arn}:saml-provider/{idp}" not in [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]]:
        signing = "".join(certificate()[0].splitlines()[1:-1])
        iam.create_saml_provider(Name=idp, SAMLMetadataDocument=SAML_METADATA.format(cert=signing),
                                 Tags=[{"Key": "team", "Value": "identity"}])
    url = "https://token.actions.githubusercontent.com" if not sfx else f"https://oidc{sfx}.palisade-demo.example.com"
    created(lambda: iam.create_open_id_connect_provider(
        Url=url, ClientIDList=["sts.amazonaws.com"], ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"]))

    # A server certificate: moto reports every one as expired (2012-05-08), whatever the certificate says.
    cert_name = f"palisade-demo-legacy-cert{sfx}"
    existing = [c["ServerCertificateName"] for page in iam.get_paginator("list_server_certificates").paginate()
                for c in page["ServerCertificateMetadataList"]]
    if cert_name not in existing:
        body, key = certificate()
        iam.upload_server_certificate(ServerCertificateName=cert_name, CertificateBody=body, PrivateKey=key)
    seeder.note("bad", "aws.iam.server_certificate", cert_name, f"{arn}:server-certificate/{cert_name}",
                "expired (moto reports Expiration 2012-05-08 for every server certificate)")
