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

/// Lets go of `value` on another thread: what a province build holds (the register, its rows and
/// pieces, some 300 MB of small objects) took a fifth of a second to free, object by object, after
/// the output was already in place. With `untilExit` (a process that ends after this build) it is
/// not freed at all: the kernel takes the whole heap back at once when the process exits.
/// The caller's own references must be its last uses of them.
public func release(_ value: Any, untilExit: Bool = false) {
    let box = ReleaseBox(value)
    if untilExit {
        _ = Unmanaged.passRetained(box)
        return
    }
    DispatchQueue.global(qos: .utility).async { box.value = nil }
}

private final class ReleaseBox: @unchecked Sendable {
    var value: Any?
    init(_ value: Any) { self.value = value }
}
