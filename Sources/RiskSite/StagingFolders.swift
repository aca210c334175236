import Foundation

/// The staging folders of builds: the ones this process is writing, removed when it is
/// interrupted, and the ones interrupted builds left behind, removed by the next build into the
/// same output.
///
/// A staging folder is named `.<output>.staging-<pid>-<milliseconds>` beside the output (and
/// the old output, during the swap, `.<output>.old-<pid>-<milliseconds>`). The name says which
/// process made it, so a build removes only folders of its own output whose process is gone: a
/// build running at the same time keeps its folder, and nothing riskpress did not name is touched.
public enum StagingFolders {
    /// Ctrl-C (SIGINT) and SIGTERM: remove this process's staging folders, then exit with
    /// 128 + the signal number (130, 143), as a shell expects. Called once by the command line.
    public static func removeOnInterrupt() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInitiated))
            source.setEventHandler {
                live.removeAll()
                exit(128 + number)
            }
            source.resume()
            live.keep(source)
        }
    }

    /// The staging folders being written by this process.
    static let live = Live()

    final class Live: @unchecked Sendable {
        /// Recursive: a swap registers and unregisters its folder inside `locked`.
        private let lock = NSRecursiveLock()
        private var folders: Set<String> = []
        private var sources: [DispatchSourceSignal] = []
        /// Set once the process is being interrupted: no file is written after it.
        private(set) var interrupted = false

        func add(_ folder: URL) { locked { folders.insert(folder.path) } }
        func remove(_ folder: URL) { locked { folders.remove(folder.path) } }
        func keep(_ source: DispatchSourceSignal) { locked { sources.append(source) } }

        /// Runs `body` with no interruption in between: a swap of staging folder and output
        /// is finished before an interrupted process removes anything.
        func locked<T>(_ body: () throws -> T) rethrows -> T {
            lock.lock()
            defer { lock.unlock() }
            return try body()
        }

        /// Deletes every live staging folder; the lock is kept, so no swap starts after it.
        func removeAll() {
            lock.lock()
            interrupted = true
            for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
            folders.removeAll()
        }
    }

    /// The name of a staging (`kind` "staging") or old-output ("old") folder for `output`.
    static func name(of output: URL, kind: String, tag: String) -> String {
        ".\(output.lastPathComponent).\(kind)-\(tag)"
    }

    /// A tag naming this process and the moment.
    static func newTag() -> String {
        "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64(Date().timeIntervalSince1970 * 1000))"
    }

    /// Removes the staging folders beside `output` left by builds of it whose process is gone.
    /// An old output (`.old-…`) is removed only while the output itself exists. Returns the
    /// names removed.
    @discardableResult
    static func removeStale(beside output: URL) -> [String] {
        let fileManager = FileManager.default
        let parent = output.deletingLastPathComponent()
        guard let names = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return [] }
        let outputExists = fileManager.fileExists(atPath: output.path)
        var removed: [String] = []
        for name in names {
            guard let (kind, pid) = parse(name, output: output), !isRunning(pid) else { continue }
            if kind == "old" && !outputExists { continue }
            let path = parent.appending(path: name).path
            // Only a real folder, not a link to one somewhere else.
            guard let type = try? fileManager.attributesOfItem(atPath: path)[.type] as? FileAttributeType,
                type == .typeDirectory
            else { continue }
            if (try? fileManager.removeItem(atPath: path)) != nil { removed.append(name) }
        }
        return removed
    }

    /// The kind and process id of a folder named by `name(of:kind:tag:)` for `output`, or nil.
    static func parse(_ name: String, output: URL) -> (kind: String, pid: pid_t)? {
        for kind in ["staging", "old"] {
            let prefix = ".\(output.lastPathComponent).\(kind)-"
            guard name.hasPrefix(prefix) else { continue }
            let parts = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                let pid = pid_t(parts[0]), pid > 0, UInt64(parts[1]) != nil
            else { return nil }
            return (kind, pid)
        }
        return nil
    }

    /// Whether a process with this id exists (one of another user counts as running).
    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}
