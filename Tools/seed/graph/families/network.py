"""Network exposure: the internet reaches an instance only through a whole chain (route to an internet gateway,
NACL in and out, a security-group rule from 0.0.0.0/0, a public address, a running instance); one missing link is
a decoy. A security-group rule whose source is a managed prefix list exposes exactly what the list's entries do.
Also a load balancer forwarding to a private instance.

VPC gx-admin holds the admin chain and its three decoys: they all carry the same admin role, so a lateral hop
between them gives nothing better than the direct path. VPC gx-data holds two weaker chains (a bucket reader, a
secret reader) with disjoint permissions, and their decoys. VPC gx-web holds the balancers.
"""
from seeder import (ACCOUNT, BALANCER, BUCKET, INSTANCE, SECRET, allow, doc, tcp, tcp_from_group,
                    tcp_from_prefix_list)

GAPS = {}


def seed(s):
    admin_network(s)
    data_network(s)
    balancers(s)


def admin_network(s):
    ec2 = s.client("ec2")
    net = s.public_network("gx-admin", "10.20.0.0/16")
    public = net["public"]
    no_route = s.subnet(net, "gx-admin-no-route", "10.20.2.0/24", internet_route=False)
    denied = s.subnet(net, "gx-admin-nacl-deny", "10.20.3.0/24")
    # A NACL that denies SSH from the internet before it allows everything (first match wins).
    acl = ec2.create_network_acl(VpcId=net["vpc"])["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=90, Protocol="6", RuleAction="deny", Egress=False,
                                 CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22})
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="-1", RuleAction="allow", Egress=False,
                                 CidrBlock="0.0.0.0/0")
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="-1", RuleAction="allow", Egress=True,
                                 CidrBlock="0.0.0.0/0")
    assoc = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [denied["subnet"]]}])[
        "NetworkAcls"][0]
    old = next(a for a in assoc["Associations"] if a["SubnetId"] == denied["subnet"])
    ec2.replace_network_acl_association(AssociationId=old["NetworkAclAssociationId"], NetworkAclId=acl)

    profile = s.ec2_role("gx-net-admin-role", doc(allow("GxNetAdmin", "*")))
    sg = s.security_group(net, "gx-net-admin-sg", [tcp(22)])
    s.instance("gx-net-admin", public, sg, public_ip=True, profile=profile)
    s.chain("network-ssh-admin", (INSTANCE, "gx-net-admin"), s.account_target(),
            ["exposes", "has_role", "administers"],
            evidence=[net["igw"], public["rt"], net["nacl"], sg, profile])

    for name, subnet, public_ip, why in [
        ("gx-net-no-route", no_route, True,
         "public IP and open SSH, but its subnet's route table has no 0.0.0.0/0 route to the internet gateway"),
        ("gx-net-nacl-deny", denied, True,
         f"public IP and open SSH, but NACL {acl} denies tcp/22 from 0.0.0.0/0 (rule 90) before allowing all"),
        ("gx-net-no-public-ip", public, False,
         "public subnet and open SSH, but the instance has no public address"),
    ]:
        s.instance(name, subnet, s.security_group(net, f"{name}-sg", [tcp(22)]), public_ip=public_ip, profile=profile)
        s.decoy(f"decoy-{name[3:]}", "network-ssh-admin", (INSTANCE, name), s.account_target(), why)


def data_network(s):
    net = s.public_network("gx-data", "10.30.0.0/16")
    public = net["public"]

    bucket_profile = s.ec2_role("gx-net-reader-role", doc(allow(
        "GxReadReports", "s3:GetObject", "arn:aws:s3:::gx-net-reports-confidential/*")))
    s.bucket("gx-net-reports-confidential")
    sg = s.security_group(net, "gx-net-reader-sg", [tcp(443)])
    s.instance("gx-net-reader", public, sg, public_ip=True, profile=bucket_profile)
    s.chain("network-https-bucket", (INSTANCE, "gx-net-reader"), (BUCKET, "gx-net-reports-confidential"),
            ["exposes", "has_role", "can_read"], evidence=[sg, bucket_profile, "GxReadReports"])

    narrow_profile = s.ec2_role("gx-net-narrow-role", doc(allow(
        "GxReadNarrow", "s3:GetObject", "arn:aws:s3:::gx-net-narrow-confidential/*")))
    s.bucket("gx-net-narrow-confidential")
    # A public range, but not the whole internet: it neither exposes nor admits the VPC's private addresses.
    narrow = s.security_group(net, "gx-net-narrow-sg", [tcp(443, "203.0.113.0/24")])
    s.instance("gx-net-narrow", public, narrow, public_ip=True, profile=narrow_profile)
    s.decoy("decoy-net-narrow-cidr", "network-https-bucket", (INSTANCE, "gx-net-narrow"),
            (BUCKET, "gx-net-narrow-confidential"),
            "public IP and route, but its security group admits tcp/443 only from 203.0.113.0/24, not 0.0.0.0/0")

    secret = s.secret("gx-net-app-credentials")
    secret_profile = s.ec2_role("gx-net-app-role", doc(allow("GxAppSecret", "secretsmanager:GetSecretValue", secret)))
    app = s.security_group(net, "gx-net-app-sg", [tcp(8080)])
    s.instance("gx-net-app", public, app, public_ip=True, profile=secret_profile)
    s.chain("network-app-secret", (INSTANCE, "gx-net-app"), (SECRET, "gx-net-app-credentials"),
            ["exposes", "has_role", "can_get_secret"], evidence=[app, secret_profile, "GxAppSecret"])

    stopped_secret = s.secret("gx-net-stopped-credentials")
    stopped_profile = s.ec2_role("gx-net-stopped-role", doc(allow(
        "GxStoppedSecret", "secretsmanager:GetSecretValue", stopped_secret)))
    stopped = s.security_group(net, "gx-net-stopped-sg", [tcp(8080)])
    s.instance("gx-net-stopped", public, stopped, public_ip=True, profile=stopped_profile, stopped=True)
    s.decoy("decoy-net-stopped", "network-app-secret", (INSTANCE, "gx-net-stopped"),
            (SECRET, "gx-net-stopped-credentials"), "the same exposure and role, but the instance is stopped")


    # Sources from a customer-managed prefix list: one that holds 0.0.0.0/0 exposes, one of office ranges does not.
    anywhere = s.prefix_list("gx-net-anywhere", ["198.51.100.0/24", "0.0.0.0/0"])
    listed_secret = s.secret("gx-net-listed-credentials")
    listed_profile = s.ec2_role("gx-net-listed-role", doc(allow(
        "GxListedSecret", "secretsmanager:GetSecretValue", listed_secret)))
    listed = s.security_group(net, "gx-net-listed-sg", [tcp_from_prefix_list(9443, anywhere)])
    s.instance("gx-net-listed", public, listed, public_ip=True, profile=listed_profile)
    s.chain("network-prefix-list-secret", (INSTANCE, "gx-net-listed"), (SECRET, "gx-net-listed-credentials"),
            ["exposes", "has_role", "can_get_secret"], evidence=[anywhere, listed, "GxListedSecret"])
    office = s.prefix_list("gx-net-office", ["203.0.113.0/24", "198.51.100.0/24"])
    office_secret = s.secret("gx-net-office-credentials")
    office_profile = s.ec2_role("gx-net-office-role", doc(allow(
        "GxOfficeSecret", "secretsmanager:GetSecretValue", office_secret)))
    office_sg = s.security_group(net, "gx-net-office-sg", [tcp_from_prefix_list(9443, office)])
    s.instance("gx-net-office", public, office_sg, public_ip=True, profile=office_profile)
    s.decoy("decoy-net-prefix-list-office", "network-prefix-list-secret", (INSTANCE, "gx-net-office"),
            (SECRET, "gx-net-office-credentials"),
            f"public IP and route, but its security group admits tcp/9443 only from prefix list {office} "
            "(203.0.113.0/24, 198.51.100.0/24), not the whole internet")


def balancers(s):
    elb = s.client("elbv2")
    net = s.public_network("gx-web", "10.40.0.0/16")
    second = s.subnet(net, "gx-web-public-b", "10.40.2.0/24", az="b")
    subnets = [net["public"]["subnet"], second["subnet"]]
    for prefix, scheme, chain in [("gx-web", "internet-facing", True), ("gx-web-internal", "internal", False)]:
        lb_sg = s.security_group(net, f"{prefix}-alb-sg", [tcp(80)])
        backend_sg = s.security_group(net, f"{prefix}-backend-sg", [tcp_from_group(80, lb_sg)])
        bucket = f"{prefix}-uploads-confidential"
        s.bucket(bucket)
        profile = s.ec2_role(f"{prefix}-backend-role", doc(allow(
            "GxReadUploads", "s3:GetObject", f"arn:aws:s3:::{bucket}/*")))
        backend = s.instance(f"{prefix}-backend", net["public"], backend_sg, public_ip=False, profile=profile)
        lb = elb.create_load_balancer(Name=f"{prefix}-alb", Subnets=subnets, SecurityGroups=[lb_sg], Scheme=scheme,
                                      Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        tg = elb.create_target_group(Name=f"{prefix}-tg", Protocol="HTTP", Port=80, VpcId=net["vpc"],
                                     TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": backend, "Port": 80}])
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        if chain:
            s.chain("network-alb-forward", (BALANCER, f"{prefix}-alb"), (BUCKET, bucket),
                    ["exposes", "forwards_to", "has_role", "can_read"],
                    evidence=[lb_sg, f"{prefix}-tg", backend_sg, profile])
        else:
            s.decoy("decoy-alb-internal", "network-alb-forward", (BALANCER, f"{prefix}-alb"), (BUCKET, bucket),
                    "the same listener, target group and backend, but the balancer's scheme is internal")
