import DequeModule
import Foundation
import RiskModel

/// Files handed over by the threads that render them and written by one thread of its own, in
/// the order they came.
///
/// Creating a file takes its folder's lock in the kernel, and a thread that finds it taken spins
/// on it rather than sleeps. With every core rendering risk pages into `risks/`, each making its
/// page's file as soon as it was rendered, a sixth of a province build's CPU went into that
/// spinning. One writer never waits on itself, and the render threads go on rendering while it
/// writes.
///
/// At most `limit` bytes wait to be written (a larger file waits until the queue is empty), so a
/// writer slower than the renderers holds them back instead of holding the whole site in memory.
final class WriteQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending = Deque<RenderedFile>()
    private var bytes = 0
    private var writing = false
    private var closed = false
    private let limit: Int
    private let done = DispatchSemaphore(value: 0)

    /// Starts the writer thread, which calls `write` for each file handed over.
    init(limit: Int = 32 << 20, write: @escaping @Sendable (RenderedFile) -> Void) {
        self.limit = limit
        let thread = Thread { [self] in
            while let file = next() {
                write(file)
                written(file)
            }
            done.signal()
        }
        thread.name = "riskpress writer"
        thread.start()
    }

    /// Hands `file` over to be written (from any thread); waits while the queue is full.
    func enqueue(_ file: RenderedFile) {
        let size = file.count
        condition.lock()
        defer { condition.unlock() }
        precondition(!closed, "a file handed over after the queue was closed")
        while bytes > 0, bytes + size > limit { condition.wait() }
        pending.append(file)
        bytes += size
        condition.broadcast()
    }

    /// Waits until every file handed over so far is written.
    func waitUntilWritten() {
        condition.lock()
        defer { condition.unlock() }
        while !pending.isEmpty || writing { condition.wait() }
    }

    /// Writes what is left and stops the writer thread; no file can be handed over after.
    func close() {
        condition.lock()
        let wasClosed = closed
        closed = true
        condition.broadcast()
        condition.unlock()
        if !wasClosed { done.wait() }
    }

    private func next() -> RenderedFile? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty, !closed { condition.wait() }
        guard let file = pending.popFirst() else { return nil }
        writing = true
        return file
    }

    private func written(_ file: RenderedFile) {
        condition.lock()
        bytes -= file.count
        writing = false
        condition.broadcast()
        condition.unlock()
    }
}
