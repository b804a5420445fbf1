using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopStream.Api.Collector;
using ShopStream.Api.Store;
using ShopStream.Core.Serving;
using ShopStream.Tests;

namespace ShopStream.Api.Tests;

/// <summary>
/// The API in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>) over a fresh run folder holding the bundled
/// sample's results, with a real run-folder store and a real collector on the folder's event log; or, given a
/// <see cref="LivePipeline"/>, answering from its live state as <c>run --serve</c> does.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<ApiFactory>
{
    public const string WriteKey = "write-key-0123456789";
    public const string OtherWriteKey = "write-key-abcdefghij";
    private readonly TempFolder _folder = new();
    private RunFolderStore? _store;
    private EventCollector? _collector;

    private readonly LivePipeline? _live;

    private readonly TimeProvider? _clock;

    /// <param name="clock">The server's clock, instead of the system's.</param>
    public ApiFactory(Func<ServeOptions, ServeOptions>? configure = null, bool writeRun = true, LivePipeline? live = null, TimeProvider? clock = null)
    {
        _live = live;
        _clock = clock;
        if (writeRun)
            SampleRun.WriteTo(_folder.Path);
        Options = (configure ?? (o => o))(new ServeOptions
        {
            OutDirectory = _folder.Path,
            WriteKeys = [WriteKey, OtherWriteKey],
            ReloadInterval = TimeSpan.FromMilliseconds(200),
        });
    }

    public ServeOptions Options { get; }

    public string Folder => _folder.Path;

    public EventCollector Collector => _collector ?? throw new InvalidOperationException("the host is not built yet");

    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder().ConfigureWebHostDefaults(web => web
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureServices(services =>
            {
                _store = new RunFolderStoreBuilder(Options.OutDirectory).WithReloadInterval(Options.ReloadInterval).Build();
                _collector = new EventCollectorBuilder(Options.LogDirectory).WithPartitions(Options.LogPartitions ?? 2).Build();
                if (_live is null)
                {
                    services.AddShopStreamApi(Options, _store, _store, _collector);
                    if (_clock is not null)
                        services.AddSingleton(_clock);
                    return;
                }

                var live = new LiveServingStore(_live);
                services.AddShopStreamApi(Options, live, new LiveRunAnalytics(live), _collector);
                services.AddSingleton(_live);
            })
            .Configure(app =>
            {
                _live?.UseMeters(app.ApplicationServices.GetRequiredService<IMeterFactory>());
                app.UseShopStreamApi();
            }));

    // The factory would look for the project folder beside the solution; the test's output folder is the content root.
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _collector?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _store?.Dispose();
            _folder.Dispose();
        }
    }
}
