"""Managed databases exposed to the internet: a publicly accessible RDS instance in public subnets (route to an
internet gateway) behind a group open on its port — a sensitive store the internet reaches in one step. Decoy: the
same instance, publicly accessible and behind the same group, but in subnets without an internet route.
"""
from seeder import DATABASE, tcp

GAPS = {}


def seed(s):
    rds = s.client("rds")
    net = s.public_network("gx-db", "10.80.0.0/16")
    public_b = s.subnet(net, "gx-db-public-b", "10.80.2.0/24", az="b")
    private_a = s.subnet(net, "gx-db-private-a", "10.80.3.0/24", az="a", internet_route=False)
    private_b = s.subnet(net, "gx-db-private-b", "10.80.4.0/24", az="b", internet_route=False)
    sg = s.security_group(net, "gx-db-open-sg", [tcp(5432)])
    for group, subnets in [("gx-db-public", [net["public"], public_b]), ("gx-db-private", [private_a, private_b])]:
        rds.create_db_subnet_group(DBSubnetGroupName=group, DBSubnetGroupDescription=group,
                                   SubnetIds=[x["subnet"] for x in subnets])
        name = f"{group}-customers"
        rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine="postgres",
                               AllocatedStorage=20, MasterUsername="gxadmin", MasterUserPassword="not-a-real-pass1",
                               DBSubnetGroupName=group, VpcSecurityGroupIds=[sg], PubliclyAccessible=True,
                               AvailabilityZone=f"{s.region}a", Port=5432,
                               Tags=[{"Key": "data-classification", "Value": "confidential"}])
        if group == "gx-db-public":
            s.chain("rds-public-subnet", (DATABASE, name), (DATABASE, name), ["exposes"],
                    evidence=[net["igw"], net["public"]["rt"], sg])
        else:
            s.decoy("decoy-rds-private-subnet", "rds-public-subnet", (DATABASE, name), (DATABASE, name),
                    "publicly accessible and open on tcp/5432, but its subnets have no route to the internet gateway")
