using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright) served by a real Kestrel on a free
/// loopback port: the charts fill with data, the numbers shown are /api/summary's, a collected event shows up
/// in pipeline health on the next refresh, and a screenshot is saved under the test output folder.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] s_chromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task Dashboard_shows_the_runs_numbers_and_live_charts_in_a_real_browser()
    {
        using var folder = new TempFolder();
        await using var server = await ServeSampleAsync(folder, o => o with { WriteKeys = [ApiFactory.WriteKey], LogPartitions = 2 });
        string url = server.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", url);
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                consoleErrors.Add($"{message.Text} ({message.Location})");
        };
        var response = await page.GotoAsync(url + "/?refresh=1");
        // The page may load only its own files: no frame, inline script or style, nor another site (consoleErrors
        // below holds any violation).
        var policy = (await response!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self';", policy);

        // Charts and tables have rendered data.
        await page.WaitForFunctionAsync(
            """
            () => Number(document.querySelector('#events-chart').dataset.points) > 0
              && Number(document.querySelector('#revenue-chart').dataset.points) > 0
              && Number(document.querySelector('#segments').dataset.rows) === 5
              && document.querySelectorAll('#products tbody tr').length > 0
            """,
            null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        var minutes = JsonDocument.Parse(await http.GetStringAsync("/api/metrics/minute?last=240")).RootElement.GetProperty("items").GetArrayLength();
        Assert.Equal(minutes.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#events-chart", "data-points"));
        Assert.True(await page.Locator("#events-chart path").CountAsync() == 2, "the events chart draws its line and area");
        Assert.True(await page.Locator("#revenue-chart rect").CountAsync() > 0, "the revenue chart draws bars");
        // Time labels on round times: the sample's minutes run 00:00 to 02:28, which were labelled from their first
        // minute in fifths of the span (00:00 00:30 01:00 01:29 01:59 02:29).
        var times = await page.Locator("#events-chart text.tick").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.textContent).filter(t => /^\\d\\d:\\d\\d$/.test(t))");
        Assert.Equal(["00:00", "00:30", "01:00", "01:30", "02:00"], times);
        // A finished run served from its folder: "live" was the badge of every loaded run. Nothing collected yet.
        Assert.Equal("run loaded", await page.Locator("#status").TextContentAsync());
        Assert.StartsWith("no events yet", await page.Locator("#collector-chart").TextContentAsync(), StringComparison.Ordinal);

        // Every number in the summary strip is /api/summary's.
        var summary = JsonDocument.Parse(await http.GetStringAsync("/api/summary")).RootElement;
        var shown = await page.Locator("[data-summary]").EvaluateAllAsync<string[][]>("nodes => nodes.map(n => [n.dataset.summary, n.textContent])");
        Assert.Equal(8, shown.Length);
        foreach (var pair in shown)
        {
            decimal value = decimal.Parse(pair[1].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            Assert.True(summary.GetProperty(pair[0]).GetDecimal() == value, $"{pair[0]}: page shows {pair[1]}, /api/summary has {summary.GetProperty(pair[0])}");
        }

        Assert.Equal("14,786.59", await page.Locator("[data-summary=revenue]").TextContentAsync());
        Assert.Equal("4,893", (await page.Locator("#funnel .num").First.TextContentAsync())?.Trim());
        // The funnel's bars have their widths (set through the CSSOM, which the policy allows): views full, carts less.
        var widths = await page.Locator("#funnel .fill").EvaluateAllAsync<double[]>("nodes => nodes.map(n => n.getBoundingClientRect().width / n.parentElement.getBoundingClientRect().width)");
        Assert.Equal(1.0, widths[0], 3);
        Assert.InRange(widths[1], 0.001, 0.999);
        Assert.Equal("1,747.79", await page.Locator("#products tbody tr:first-child td:last-child").TextContentAsync());

        // Live: an event collected now shows in pipeline health within a refresh or two.
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/collect")
        {
            Content = new StringContent("""{"event_time":"2019-10-01T03:00:00Z","event_type":"view","user_id":5,"product_id":9,"price":1}""", Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.WriteKey);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await http.SendAsync(post)).StatusCode);
        await page.WaitForFunctionAsync("() => document.querySelector('#pipeline').textContent.includes('1 event in 2 partitions')",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('#collector-chart').textContent.startsWith('max')",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.True(await page.Locator("#collector-chart path").CountAsync() == 2, "the live collector chart draws its line");

        string artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        string screenshot = Path.Combine(artifacts, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot has content");
        Assert.Empty(consoleErrors);

        // A refresh past what a browser's timer holds is capped at an hour: it fired at once, hundreds of times a second.
        await page.GotoAsync(url + "/?refresh=2147484");
        await page.WaitForFunctionAsync("() => document.querySelector('#updated').textContent.includes('every 3600 s')",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal("1", await page.EvaluateAsync<string>("() => document.body.dataset.refreshed"));

        // A refresh below a second is the default, not the nearest bound: -5 refreshed every second.
        await page.GotoAsync(url + "/?refresh=-5");
        await page.WaitForFunctionAsync("() => document.querySelector('#updated').textContent.includes('every 5 s')",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
    }

    [Fact]
    public async Task A_stored_key_answered_429_is_taken_for_a_wrong_key_and_asked_for_again()
    {
        using var folder = new TempFolder();
        await using var server = await ServeSampleAsync(folder, o => o with { ReadKey = "read-key-0123456789" });
        string url = server.Addresses.Single();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(url + "/");
        await page.EvaluateAsync("() => localStorage.setItem('shopstream.readKey', 'an-old-read-key')");
        // Wrong keys over their shared limit (WrongKeyThrottle): every read is answered as the server then answers it.
        // Routed, so that no refilled token turns one into a 403, which shows the form by itself.
        await page.RouteAsync("**/api/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 429,
            Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
            ContentType = "application/json",
            Body = """{"error":"too many requests with a wrong read key (all of them share a limit of 10 a second): retry after 1 s"}""",
        }));
        await page.ReloadAsync();

        // The form asks for the key: the page showed "HTTP 429" and kept sending the old key, which no refresh changed.
        await page.WaitForFunctionAsync("() => !document.querySelector('#key-form').hidden", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
    }

    [Fact]
    public async Task A_long_alert_key_wraps_in_its_cell_instead_of_running_over_the_next()
    {
        // The alerts table has fixed columns and cells that did not wrap: a purchase_burst key of a string user id
        // (19 digits) was printed over the window beside it.
        using var folder = new TempFolder();
        SampleRun.WriteTo(folder.Path);
        File.AppendAllText(Path.Combine(folder.Path, "alerts.csv"),
            "purchase_burst,8712953758997077692871295375899707769287129537,2019-10-01T00:00:00Z,2019-10-01T00:10:00Z,12,5\n"
            + "low_stock,5809910@warehouse-with-a-rather-long-name-eu-central-1,2019-10-01T00:00:00Z,2019-10-01T01:00:00Z,0,10\n");
        await using var server = await ServeAsync(folder, o => o);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(server.Addresses.Single() + "/");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#alerts tbody tr td').length >= 10", null, new PageWaitForFunctionOptions { Timeout = 20_000 });

        var overflowing = await page.Locator("#alerts td").EvaluateAllAsync<string[]>("cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)");
        Assert.Empty(overflowing);
        Assert.Contains("8712953758997077692871295375899707769287129537", await page.InnerTextAsync("#alerts"), StringComparison.Ordinal);
    }

    // The bundled sample's run served by a real Kestrel on a free loopback port, with the test's options.
    private static Task<ShopStreamServer> ServeSampleAsync(TempFolder folder, Func<ServeOptions, ServeOptions> configure)
    {
        SampleRun.WriteTo(folder.Path);
        return ServeAsync(folder, configure);
    }

    // The run in the folder served by a real Kestrel on a free loopback port.
    private static async Task<ShopStreamServer> ServeAsync(TempFolder folder, Func<ServeOptions, ServeOptions> configure)
    {
        var server = new ShopStreamServerBuilder(configure(new ServeOptions { OutDirectory = folder.Path, Urls = ["http://127.0.0.1:0"] })).Build();
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/setup.sh installs Debian's chromium");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = s_chromiumArgs });
    }
}
