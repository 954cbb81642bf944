import PalisadeModel

/// What the graph service derives from a scan's paths besides the paths: choke points and the fix plan.
public struct PathAnalysis: Codable, Sendable, Hashable {
    public var chokePoints: [ChokePoint]
    public var fixPlan: FixPlan

    public init(chokePoints: [ChokePoint] = [], fixPlan: FixPlan = .empty) {
        self.chokePoints = chokePoints
        self.fixPlan = fixPlan
    }
}
