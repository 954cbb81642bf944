import PalisadeMessaging
import PalisadeTestKit
import Testing

@Suite struct HeartbeatStateMachineTests {
    @Test func sendsAHeartbeatEveryIntervalOfSilence() {
        let clock = ManualClock()
        var hb = HeartbeatStateMachine(now: clock.now)
        #expect(hb.poll(now: clock.now) == .none)
        clock.advance(by: .milliseconds(999))
        #expect(hb.poll(now: clock.now) == .none)
        clock.advance(by: .milliseconds(1))
        #expect(hb.poll(now: clock.now) == .sendHeartbeat)
        hb.sent(now: clock.now)
        hb.heard(now: clock.now)
        clock.advance(by: .milliseconds(500))
        #expect(hb.poll(now: clock.now) == .none)
        clock.advance(by: .milliseconds(500))
        #expect(hb.poll(now: clock.now) == .sendHeartbeat)
    }

    @Test func peerIsDeadAfterThreeSilentIntervals() {
        let clock = ManualClock()
        var hb = HeartbeatStateMachine(now: clock.now)
        clock.advance(by: .seconds(2))
        hb.heard(now: clock.now)
        clock.advance(by: .milliseconds(2999))
        #expect(!hb.isPeerDead(now: clock.now))
        clock.advance(by: .milliseconds(1))
        #expect(hb.isPeerDead(now: clock.now))
        #expect(hb.poll(now: clock.now) == .peerDead(reconnectAfter: .seconds(1)))
    }

    @Test func reconnectBackoffDoublesUpTo32SecondsAndResetsAfterContact() {
        let clock = ManualClock()
        var hb = HeartbeatStateMachine(now: clock.now)
        var delays: [Duration] = []
        for _ in 0..<7 {
            clock.advance(by: .seconds(3))
            if case .peerDead(let d) = hb.poll(now: clock.now) { delays.append(d) }
            clock.advance(by: delays.last ?? .zero)
            hb.connected(now: clock.now)
        }
        #expect(delays == [1, 2, 4, 8, 16, 32, 32].map { Duration.seconds($0) })
        // Reconnecting alone is not contact; hearing from the peer is.
        hb.heard(now: clock.now)
        #expect(hb.nextReconnectDelay() == .seconds(1))
        #expect(hb.nextReconnectDelay() == .seconds(2))
    }

    @Test func configurationScalesEverything() {
        let config = HeartbeatStateMachine.Configuration(
            interval: .milliseconds(100), liveness: 3, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(150))
        var hb = HeartbeatStateMachine(configuration: config, now: .zero)
        #expect(hb.poll(now: .milliseconds(100)) == .sendHeartbeat)
        #expect(hb.poll(now: .milliseconds(300)) == .peerDead(reconnectAfter: .milliseconds(50)))
        #expect(hb.nextReconnectDelay() == .milliseconds(100))
        #expect(hb.nextReconnectDelay() == .milliseconds(150))
        #expect(hb.nextReconnectDelay() == .milliseconds(150))
    }
}
