import Foundation
import RiskModel

/// Builds the same Content again and again — what `riskpress serve` does after every edit — doing
/// only the work the edit needs: files whose bytes did not change are not parsed again, and when
/// the change is to risk points, flows or documents only the pages that show them (and the pages
/// made of the whole register) are rendered and written, in place. The output is the same, byte
/// for byte, as a full build's. Anything wider (site.yaml, units, posts, the templates …) and the
/// rebuild is a full build.
public final class Rebuilder: @unchecked Sendable {
    public let options: BuildOptions
    private let state = SiteBuilder.State()
    private let lock = NSLock()

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Builds; the first build, and any after a failed one, is a full build.
    public func build() -> BuildReport {
        lock.lock()
        defer { lock.unlock() }
        return SiteBuilder.build(options, state: state)
    }
}
