import Foundation
import PalisadeProtocol

public enum SchedulerHandlers {
    public static func router(engine: SchedulerEngine, now: @escaping @Sendable () -> Date = { Date() }) -> Router {
        var router = Router()
        router.on(ScheduleListQuery.self) { _, _ in engine.list() }
        router.on(ScheduleReload.self) { _, _ in try engine.reload(now: now()) }
        router.on(ScheduleRunNow.self) { q, _ in try engine.runNow(q.name, now: now()) }
        return router
    }
}
