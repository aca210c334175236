import Foundation

/// Maps over all cores, keeping the order of the input. Loading and rendering use it;
/// `transform` must not touch shared mutable state.
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    let slots = ParallelSlots<R>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        let value = transform(items[index])
        slots.lock.lock()
        slots.values[index] = value
        slots.lock.unlock()
    }
    return slots.values.map { $0! }
}

/// Result slots filled from several threads, each index written once under the lock.
private final class ParallelSlots<R>: @unchecked Sendable {
    var values: [R?]
    let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
}
