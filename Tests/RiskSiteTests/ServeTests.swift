import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import RiskServe
import RiskSite
import Testing

@Suite("riskpress serve: a local preview that rebuilds and reloads")
struct ServeTests {
    static let site = "标题: 预览\n等级方案:\n  - {编号: s, 等级: [{编号: a, 名称: 高}, {编号: b, 名称: 低}]}\n"

    /// The riskpress command built beside this test bundle.
    static let command = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "riskpress")

    func write(_ files: [String: String], to root: URL) throws {
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    func get(_ url: String) async -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        guard let (data, response) = try? await URLSession.shared.data(for: request) else { return (0, "") }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Waits until `condition` holds: up to 300 tries, 0.2 s apart. Counted in tries, not by the clock:
    /// while the other suites keep this machine's few threads busy, this test may not run for a
    /// while, and a clock deadline would pass without a single try.
    func eventually(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<300 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// Runs `riskpress serve` as a user would, in a process of its own.
    @Test("serves the built site on 127.0.0.1, rebuilds on a change, keeps the last good build on an error",
          .enabled(if: FileManager.default.isExecutableFile(atPath: command.path)))
    func previewCycle() async throws {
        let content = ExampleSite.temporaryFolder("Content")
        let output = content.deletingLastPathComponent().appending(path: "Output")
        try write(
            [
                "site.yaml": Self.site, "units/u.yaml": "- {编号: u, 名称: 办公室}\n",
                "registers/r.yaml": "范围: u\n风险清单:\n  - {风险点: 原来的风险点, 风险等级: 高, 防控措施: [一]}\n",
            ], to: content)
        let port = Int.random(in: 20_000..<40_000)
        let serve = Process()
        serve.executableURL = Self.command
        serve.arguments = ["serve", "--content", content.path, "--output", output.path, "--port", String(port)]
        serve.standardOutput = FileHandle.nullDevice
        serve.standardError = FileHandle.nullDevice
        try serve.run()
        defer { serve.terminate() }
        let base = "http://127.0.0.1:\(port)"

        #expect(await eventually { await get(base + "/").status == 200 }, "the server answers")
        let risk = await get(base + "/risks/r-1.html")
        #expect(risk.body.contains("原来的风险点"))
        #expect(risk.body.contains("<script src=\"\(PreviewServer.reloadPath)\"></script></body>"), "pages get the reload script")
        let onDisk = try String(contentsOf: output.appending(path: "risks/r-1.html"), encoding: .utf8)
        #expect(!onDisk.contains(PreviewServer.reloadPath), "the output folder stays as build writes it")
        #expect(await get(base + PreviewServer.versionPath).body == "1")
        #expect(await get(base + PreviewServer.reloadPath).body.contains("location.reload"))

        // An edit is built and the version moves, which makes open pages reload.
        try write(["registers/r.yaml": "范围: u\n风险清单:\n  - {风险点: 改过的风险点, 风险等级: 低, 防控措施: [二]}\n"], to: content)
        #expect(await eventually { await get(base + PreviewServer.versionPath).body == "2" }, "a change is rebuilt")
        #expect(await get(base + "/risks/r-1.html").body.contains("改过的风险点"))

        // A broken edit: the last good build stays served, the version does not move.
        try write(["registers/r.yaml": "范围: u\n风险清单:\n  - {风险点: 坏的, 风险等级: 极高, 防控措施: [三]}\n"], to: content)
        #expect(await eventually { await get(base + PreviewServer.statusPath).body == "failed 3" })
        #expect(await get(base + PreviewServer.versionPath).body == "2")
        #expect(await get(base + "/risks/r-1.html").body.contains("改过的风险点"))

        // Nothing outside the output folder is served.
        #expect(await get(base + "/%2e%2e/site.yaml").status == 404)
        #expect(await get(base + "/no/such/page.html").status == 404)
    }

    @Test("the preview listens on this computer only unless told otherwise")
    func loopbackByDefault() {
        let options = PreviewServer.Options(build: BuildOptions(content: URL(fileURLWithPath: "Content"), templates: nil, output: URL(fileURLWithPath: "Output")))
        #expect(options.host == "127.0.0.1")
    }
}
