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

    /// <summary>The 2D views over an image (<see cref="ImageViews.ImageView"/>) drawn by plotly.js in chromium: the image
    /// and the heatmap become raster images in the plot, the skeleton's joints become markers, and nothing errs.</summary>
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ImageViewsRenderInChromium()
    {
        if (!File.Exists(Chromium))
        {
            var message = $"browser test skipped: {Chromium} not found (apt-get install chromium, or set POSEML_CHROMIUM); .ci/run installs it";
            if (Environment.GetEnvironmentVariable("POSEML_REQUIRE_BROWSER") == "1") Assert.Fail(message.Replace("skipped", "failed", StringComparison.Ordinal));
            Assert.Inconclusive(message);
            return;
        }
        // A 32×32 image: a bright square on a dark background; joint j at (j + 5, j + 8), the truth one pixel further right and down, 8×8 heatmaps peaked at joint 0.
        const int size = 32;
        var skeleton = Data.Skeletons.Human36M17;
        var image = new float[3 * size * size];
        for (var r = 8; r < 24; r++)
            for (var c = 8; c < 24; c++)
                image[r * size + c] = image[size * size + r * size + c] = 0.9f;
        var keypoints = new float[skeleton.JointCount * 2];
        for (var j = 0; j < skeleton.JointCount; j++) { keypoints[2 * j] = j + 5; keypoints[2 * j + 1] = j + 8; }
        var maps = new float[skeleton.JointCount * 64];
        maps[3 * 8 + 4] = 1;
        var figures = new[]
        {
            ImageViews.ImageView.Keypoints(image, keypoints, skeleton, keypoints.Select(v => v + 1).ToArray(), "keypoints"),
            ImageViews.ImageView.Heatmaps(image, maps, skeleton.JointCount, skeleton: skeleton, keypoints: keypoints, title: "heatmaps"),
        };
        var dir = Directory.CreateTempSubdirectory("poseml-image-views-").FullName;
        var path = Path.Combine(dir, "image-views.html");
        File.WriteAllText(path, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + Charts.PlotlyJs.ScriptElement() + "</head><body>"
            + string.Concat(figures.Select((f, i) => Charts.ChartHtml.Fragment(f, $"view{i}"))) + "</body></html>");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs, Timeout = 60_000 });
        var tab = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 1000 } });
        var errors = new List<string>();
        tab.Console += (_, m) => { if (m.Type == "error") errors.Add("console: " + m.Text); };
        tab.PageError += (_, e) => errors.Add("page error: " + e);
        await tab.RouteAsync(url => !url.StartsWith("file:", StringComparison.Ordinal), async route => { errors.Add("network request: " + route.Request.Url); await route.AbortAsync(); });
        await tab.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        await tab.WaitForFunctionAsync("() => [...document.querySelectorAll('div.plot')].every(d => d._fullLayout && d.data)", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        // plotly.js draws the image trace as an <image> in the image layer and the heatmap as an <image> in its own layer.
        var imageLayers = await tab.EvaluateAsync<int[]>("() => ['view0', 'view1'].map(id => document.querySelectorAll('#' + id + ' .imagelayer image, #' + id + ' g.im image').length)");
        var heatmapImages = await tab.EvaluateAsync<int>("() => document.querySelectorAll('#view1 .hm image').length");
        var markers = await tab.EvaluateAsync<int>("() => document.querySelectorAll('#view0 .scatterlayer .points path.point').length");
        var screenshot = Path.Combine(dir, "image-views.png");
        await tab.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.AddResultFile(screenshot);

        Assert.IsEmpty(errors, string.Join("\n", errors));
        Assert.IsTrue(imageLayers.All(n => n >= 1), $"each view draws its image, got {string.Join(", ", imageLayers)}");
        Assert.AreEqual(1, heatmapImages, "the heatmap is drawn");
        Assert.AreEqual(2 * skeleton.JointCount, markers, "a marker per joint of the prediction and of the truth");
    }
}
