import FlyingFox
import Foundation
import RiskContent
import RiskModel
import RiskSite

/// `riskpress serve`: builds the site, serves the output folder on 127.0.0.1, rebuilds when a file of
/// the Content or the templates changes, and reloads the pages open in the browser.
///
/// Pages are served as built, except that every HTML response gets one extra `<script>` that asks
/// the server every second for the build number and reloads the page when it changes. The script
/// is added to the response only; the output folder stays exactly what `build` writes.
public actor PreviewServer {
    public struct Options: Sendable {
        public var build: BuildOptions
        public var host: String
        public var port: UInt16
        /// How often the Content and templates are looked at for changes.
        public var pollInterval: Duration

        public init(build: BuildOptions, host: String = "127.0.0.1", port: UInt16 = 8000, pollInterval: Duration = .milliseconds(400)) {
            self.build = build
            self.host = host
            self.port = port
            self.pollInterval = pollInterval
        }
    }

    public static let reloadPath = "/__riskpress/reload.js"
    public static let versionPath = "/__riskpress/version"
    /// "ok" or "failed", then the number of builds tried: what the last build did.
    public static let statusPath = "/__riskpress/status"

    let options: Options
    /// Builds again after each change, rendering only what the change touched.
    let rebuilder: Rebuilder
    /// Bumped after every build that succeeded; the pages poll it.
    public private(set) var version = 0
    public private(set) var builds = 0
    public private(set) var lastReport: BuildReport?
    private var snapshot: [String: [FolderWalk.File]] = [:]
    private let report: @Sendable (BuildReport) -> Void

    public init(options: Options, report: @escaping @Sendable (BuildReport) -> Void = { _ in }) {
        self.options = options
        self.report = report
        rebuilder = Rebuilder(options: options.build)
    }

    /// Builds once, then serves and watches until the task is cancelled.
    public func run() async throws {
        // The files as they are before the first build reads them: an edit made during that build
        // is seen by the first look for changes.
        snapshot = takeSnapshot()
        rebuild()
        let server = try await makeServer()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask { try await self.watch() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// The HTTP server, ready to run.
    public func makeServer() async throws -> HTTPServer {
        let address = try sockaddr_in.inet(ip4: options.host, port: options.port)
        let server = HTTPServer(address: address, logger: .disabled)
        await server.appendRoute(HTTPRoute("GET \(Self.versionPath)")) { _ in
            let version = await self.version
            return HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: Data(String(version).utf8))
        }
        await server.appendRoute(HTTPRoute("GET \(Self.statusPath)")) { _ in
            let (succeeded, builds) = (await self.lastReport?.succeeded ?? false, await self.builds)
            return HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: Data("\(succeeded ? "ok" : "failed") \(builds)".utf8))
        }
        await server.appendRoute(HTTPRoute("GET \(Self.reloadPath)")) { _ in
            HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                body: Data(Self.reloadScript.utf8))
        }
        // Through the actor: no file is read while a rebuild writes the output.
        await server.appendRoute("GET *") { request in await self.file(request.path) }
        return server
    }

    /// Polls the Content and template folders; rebuilds when something changed.
    func watch() async throws {
        if snapshot.isEmpty { snapshot = takeSnapshot() }
        while !Task.isCancelled {
            try await Task.sleep(for: options.pollInterval)
            let now = takeSnapshot()
            if now != snapshot {
                snapshot = now
                rebuild()
            }
        }
    }

    /// Builds the site (only what changed since the last build, when it can); a build with errors
    /// leaves the previous output (and the pages) as they were.
    public func rebuild() {
        let result = rebuilder.build()
        lastReport = result
        builds += 1
        if result.succeeded { version += 1 }
        report(result)
    }

    /// Every file under the Content and template folders with its modification time and size
    /// (hidden files, such as an editor's swap files, are not watched: the build skips them too).
    func takeSnapshot() -> [String: [FolderWalk.File]] {
        var result: [String: [FolderWalk.File]] = [:]
        for folder in [options.build.content, options.build.templates].compactMap({ $0 }) {
            result[folder.path] = FolderWalk.files(under: folder.path) ?? []
        }
        return result
    }

    /// A file of the output, read between builds (a rebuild writes changed files in place).
    func file(_ requestPath: String) -> HTTPResponse {
        Self.file(requestPath, in: options.build.output)
    }

    /// A file of the output for a request path: `/` and folders give their `index.html`; HTML gets the
    /// reload script; anything outside the output folder is not found.
    static func file(_ requestPath: String, in output: URL) -> HTTPResponse {
        let decoded = requestPath.removingPercentEncoding ?? requestPath
        let parts = decoded.split(separator: "/").map(String.init)
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return notFound() }
        var url = parts.reduce(output) { $0.appending(path: $1) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            url = url.appending(path: "index.html")
        }
        guard let data = try? Data(contentsOf: url) else { return notFound() }
        let type = contentType(url.pathExtension)
        guard type.hasPrefix("text/html"), let html = String(data: data, encoding: .utf8) else {
            return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: data)
        }
        let tag = "<script src=\"\(reloadPath)\"></script>"
        let page = html.range(of: "</body>", options: .backwards).map { html.replacingCharacters(in: $0, with: tag + "</body>") }
            ?? html + tag
        return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: Data(page.utf8))
    }

    static func notFound() -> HTTPResponse {
        HTTPResponse(
            statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("404 未找到".utf8))
    }

    static func contentType(_ pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        default: return "application/octet-stream"
        }
    }

    /// Asks for the build number every second; reloads the page when a new build is ready.
    static let reloadScript = """
        (function () {
          var seen = null;
          function check() {
            fetch('\(versionPath)', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (v) {
              if (seen === null) { seen = v; } else if (v !== seen) { window.location.reload(); }
            }).catch(function () {}).then(function () { setTimeout(check, 1000); });
          }
          check();
        })();
        """
}
