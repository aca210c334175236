import Foundation

/// Values made while pages render (or exports are written) in parallel, kept for the other pages —
/// and the rebuilds — that need them again: a risk row's cells, a flow's layout, an export row.
public final class RenderCache<Key: Hashable & Sendable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [Key: Value] = [:]
    /// The group of a key (the risk point a row is of), when values are forgotten by group.
    private let group: (@Sendable (Key) -> String)?
    private var keysByGroup: [String: [Key]] = [:]

    public init() {
        group = nil
    }

    /// A cache whose values are forgotten by `group` (`forget(groups:)`): a row kept at several
    /// depths and column sets is forgotten by its risk point without looking at every kept row.
    public init(groupedBy group: @escaping @Sendable (Key) -> String) {
        self.group = group
    }

    /// The value kept for `key`, or the one `make` makes, kept from now on. `make` runs outside the
    /// lock, so two threads may make the same value at once; both make equal values.
    public func value(for key: Key, make: () -> Value) -> Value {
        value(for: key, keptIf: { _ in true }, make: make)
    }

    /// The value kept for `key` while `valid` says it still holds; otherwise the one `make` makes,
    /// kept in its place. For values kept in slots (the n-th piece of a page) rather than by all
    /// they were made from.
    public func value(for key: Key, keptIf valid: (Value) -> Bool, make: () -> Value) -> Value {
        lock.lock()
        if let found = kept[key], valid(found) {
            lock.unlock()
            return found
        }
        lock.unlock()
        let made = make()
        lock.lock()
        if kept.updateValue(made, forKey: key) == nil, let group { keysByGroup[group(key), default: []].append(key) }
        lock.unlock()
        return made
    }

    /// Drops the values kept for `keys`.
    public func forget(keys: some Sequence<Key>) {
        lock.lock()
        for key in keys { kept.removeValue(forKey: key) }
        lock.unlock()
    }

    /// Drops the values of the keys in `groups` (for a cache made `groupedBy:`, or one that holds
    /// nothing yet: a rebuild from a snapshot starts with empty caches).
    public func forget(groups: some Sequence<String>) {
        lock.lock()
        precondition(group != nil || kept.isEmpty, "forget(groups:) needs a cache made groupedBy:")
        for group in groups {
            for key in keysByGroup.removeValue(forKey: group) ?? [] { kept.removeValue(forKey: key) }
        }
        lock.unlock()
    }

    /// Drops the values `drop` picks.
    public func forgetValues(where drop: (Value) -> Bool) {
        lock.lock()
        for key in kept.compactMap({ drop($0.value) ? $0.key : nil }) { kept.removeValue(forKey: key) }
        lock.unlock()
    }

    /// Keeps `value` for `key`, in place of what was kept.
    public func keep(_ value: Value, for key: Key) {
        lock.lock()
        if kept.updateValue(value, forKey: key) == nil, let group { keysByGroup[group(key), default: []].append(key) }
        lock.unlock()
    }

    /// The value kept for `key`, if any.
    public func existing(_ key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return kept[key]
    }

    /// Drops the values whose keys `drop` picks (what a changed risk point or flow made).
    /// The others stay where they are: filtering into a new dictionary hashed every kept key again,
    /// 20,000 risk rows on every rebuild of a province.
    public func forget(where drop: (Key) -> Bool) {
        lock.lock()
        for key in kept.keys.filter(drop) { kept.removeValue(forKey: key) }
        lock.unlock()
    }
}
