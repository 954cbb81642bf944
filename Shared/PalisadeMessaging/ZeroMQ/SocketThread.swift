import CZeroMQ
import Foundation

/// The logic a `SocketThread` runs. Every member is called on that thread only, so a driver may own its
/// sockets and mutable state without locks.
public protocol SocketDriver: AnyObject, SendableMetatype {
    associatedtype Command
    /// The socket polled for input; nil while there is none (e.g. waiting to reconnect).
    var socket: ZMQSocket? { get }
    /// True once the loop should stop; checked after every step.
    var isFinished: Bool { get }
    /// One whole inbound message.
    func received(_ frames: [Data])
    /// One command posted from another thread.
    func perform(_ command: Command)
    /// Called after every poll (at least every poll interval): timers, heartbeats, expiry.
    func tick()
    /// Last call on the thread: close sockets, terminate the context, fail what is outstanding.
    func finish()
}

/// One dedicated `Thread` that owns a driver's socket: it polls with a short timeout, runs posted commands
/// (an enqueue wakes it through a pipe, so there is no added latency), delivers inbound messages and ticks.
/// Nothing here ever blocks a task on the Swift cooperative pool.
public final class SocketThread<Driver: SocketDriver>: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [Driver.Command] = []
    private var stopped = false
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []
    private let wake: WakePipe
    private let pollTimeoutMs: Int

    /// Starts the thread at once; `driver` belongs to it from now on.
    public init(name: String, pollInterval: Duration = .milliseconds(50), driver: Driver) throws {
        wake = try WakePipe()
        let c = pollInterval.components
        pollTimeoutMs = max(1, Int(c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000))
        let unchecked = UncheckedBox(driver)
        let thread = Thread { [self] in self.loop(unchecked.value) }
        thread.name = name
        thread.start()
    }

    /// Any thread: hands a command to the socket thread. Commands posted after it stopped are dropped.
    public func post(_ command: Driver.Command) {
        let accepted = lock.withLock { () -> Bool in
            guard !stopped else { return false }
            queue.append(command)
            return true
        }
        if accepted { wake.wake() }
    }

    public var isStopped: Bool { lock.withLock { stopped } }

    /// Returns once the thread has run `finish()` and exited its loop.
    public func waitUntilStopped() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = lock.withLock { () -> Bool in
                if stopped { return true }
                stopWaiters.append(c)
                return false
            }
            if done { c.resume() }
        }
    }

    private func loop(_ driver: Driver) {
        var items = [zmq_pollitem_t](repeating: zmq_pollitem_t(), count: 2)
        while !driver.isFinished {
            let socket = driver.socket
            items[0] = zmq_pollitem_t(socket: nil, fd: wake.readFD, events: Int16(ZMQ_POLLIN), revents: 0)
            var count: Int32 = 1
            if let socket {
                items[1] = zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
                count = 2
            }
            let rc = zmq_poll(&items, count, pollTimeoutMs)
            if items[0].revents != 0 { wake.drain() }
            let commands = lock.withLock { () -> [Driver.Command] in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            for command in commands where !driver.isFinished { driver.perform(command) }
            if rc > 0, count == 2, items[1].revents & Int16(ZMQ_POLLIN) != 0 {
                // Bounded, so a flood of input cannot starve outbound work and ticks.
                for _ in 0..<1024 where !driver.isFinished {
                    guard let current = driver.socket, current === socket,
                          let frames = try? current.receive() else { break }
                    driver.received(frames)
                }
            }
            if !driver.isFinished { driver.tick() }
        }
        driver.finish()
        let waiters = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            stopped = true
            queue.removeAll()
            defer { stopWaiters.removeAll() }
            return stopWaiters
        }
        for w in waiters { w.resume() }
    }
}

/// Moves a value that is confined to one thread across the thread-start boundary.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
