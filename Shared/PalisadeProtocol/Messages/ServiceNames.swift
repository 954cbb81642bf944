/// Service names workers register under at the broker.
public enum ServiceName {
    public static let gateway = "gateway"
    public static let supervisor = "supervisor"
    public static let connectorAWS = "connector.aws"
    public static let assessor = "assessor"
    public static let graph = "graph"
    public static let scoring = "scoring"
    public static let export = "export"
    public static let scheduler = "scheduler"
}
