using Microsoft.Playwright;

namespace PoseML.Reports.Tests;

/// <summary>Opens the report in a real browser — Debian's headless chromium driven by Playwright (its own browser
/// download cannot work offline) — and checks that every plot was drawn. Inconclusive where chromium is not installed
/// (<c>.ci/run</c> installs it).</summary>
[TestClass]
public sealed class BrowserTests
{
    /// <summary>Debian's chromium; <c>POSEML_CHROMIUM</c> overrides.</summary>
    private static readonly string Chromium = Environment.GetEnvironmentVariable("POSEML_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";

    /// <summary>Headless, as root in a container, and nothing that reaches the network.</summary>
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         // WebGL (the 3D views) on the CPU: chromium's SwiftShader, which it only enables with --disable-gpu when asked.
         "--enable-unsafe-swiftshader"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task ReportRendersEveryPlotInChromium()
    {
        if (!File.Exists(Chromium))
        {
            var message = $"browser test skipped: {Chromium} not found (apt-get install chromium, or set POSEML_CHROMIUM); .ci/run installs it";
            // CI sets POSEML_REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip.
            if (Environment.GetEnvironmentVariable("POSEML_REQUIRE_BROWSER") == "1") Assert.Fail(message.Replace("skipped", "failed", StringComparison.Ordinal));
            Assert.Inconclusive(message);
            return;
        }
        var page = ReportFixture.Page;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs, Timeout = 60_000 });
        var tab = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        tab.Console += (_, m) => { if (m.Type == "error") errors.Add("console: " + m.Text); };
        tab.PageError += (_, e) => errors.Add("page error: " + e);
        // Offline: any request leaving the file is a failure (the page must carry everything it needs).
        await tab.RouteAsync(url => !url.StartsWith("file:", StringComparison.Ordinal), async route => { errors.Add("network request: " + route.Request.Url); await route.AbortAsync(); });

        await tab.GotoAsync(new Uri(ReportFixture.Path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        await tab.WaitForFunctionAsync("() => [...document.querySelectorAll('div.plot')].every(d => d._fullLayout && d.data)", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        var plots = await tab.EvaluateAsync<int>("() => document.querySelectorAll('div.plot.js-plotly-plot').length");
        var traces = await tab.EvaluateAsync<int>("() => [...document.querySelectorAll('div.plot')].reduce((n, d) => n + d.data.length, 0)");
        var scenes = await tab.EvaluateAsync<int>("() => [...document.querySelectorAll('div.plot')].filter(d => d._fullLayout.scene).length");
        var canvases = await tab.EvaluateAsync<int>("() => document.querySelectorAll('div.plot .gl-container canvas').length");
        var noWebGl = await tab.EvaluateAsync<int>("() => [...document.querySelectorAll('div.plot')].filter(d => /WebGL is not supported/i.test(d.textContent)).length");

        // A slider step redraws the sequence: the first predicted joint trace changes its coordinates.
        var before = await tab.EvaluateAsync<string>("() => { const d = [...document.querySelectorAll('div.plot')].find(d => d.layout.sliders); return JSON.stringify(d.data[d.data.length - 1].x); }");
        await tab.EvaluateAsync("() => { const d = [...document.querySelectorAll('div.plot')].find(d => d.layout.sliders); const s = d.layout.sliders[0].steps[5]; return Plotly.restyle(d, s.args[0], s.args[1]); }");
        var after = await tab.EvaluateAsync<string>("() => { const d = [...document.querySelectorAll('div.plot')].find(d => d.layout.sliders); return JSON.stringify(d.data[d.data.length - 1].x); }");

        var screenshot = Path.Combine(Path.GetDirectoryName(ReportFixture.Path)!, "report.png");
        await tab.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.AddResultFile(screenshot);
        var firstScene = await tab.EvaluateAsync<string>("() => [...document.querySelectorAll('div.plot')].find(d => d._fullLayout.scene).id");
        var view = Path.Combine(Path.GetDirectoryName(ReportFixture.Path)!, "report-3d-view.png");
        await tab.Locator("#" + firstScene).ScreenshotAsync(new LocatorScreenshotOptions { Path = view });
        TestContext.AddResultFile(view);
        TestContext.WriteLine($"screenshot: {screenshot}");

        Assert.IsEmpty(errors, string.Join("\n", errors));
        Assert.AreEqual(page.PlotCount, plots, "every plot div drawn by plotly.js");
        Assert.AreEqual(page.TraceCount, traces, "every trace the page declares is in the drawn figures");
        Assert.AreEqual(ReportFixture.Worst + ReportFixture.Rarest + 1, scenes, "3D views: worst, rarest and the sequence");
        Assert.IsGreaterThanOrEqualTo(scenes, canvases, "each 3D view draws on WebGL canvases");
        Assert.AreEqual(0, noWebGl, "no 3D view fell back to the 'WebGL is not supported' message");
        Assert.AreNotEqual(before, after, "a slider step moves the skeleton");
        Assert.IsTrue(new FileInfo(screenshot).Length > 20_000, "the screenshot shows a page, not a blank");
    }
}
