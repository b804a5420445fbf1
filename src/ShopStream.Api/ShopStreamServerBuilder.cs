using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShopStream.Api.Collector;
using ShopStream.Api.Store;
using ShopStream.Core.Serving;

namespace ShopStream.Api;

/// <summary>
/// Builds a <see cref="ShopStreamServer"/>: <c>new ShopStreamServerBuilder(options).Build()</c> serves the run
/// folder <see cref="ServeOptions.OutDirectory"/>; <see cref="WithStore"/> serves another store (live state) instead,
/// and <see cref="WithServingStore"/> takes profiles, the summary and hourly metrics from another store (PostgreSQL, the lake)
/// and the rest from the run folder. The collector's event log is opened in <c>OutDirectory/log</c> either way.
/// </summary>
public sealed class ShopStreamServerBuilder(ServeOptions options)
{
    private IServingStore? _store;
    private IRunAnalytics? _analytics;
    private LivePipeline? _live;
    private Core.Log.IEventLog? _collectorLog;
    private LogLevel _logLevel = LogLevel.Warning;

    /// <summary>Reads from <paramref name="store"/> and <paramref name="analytics"/> (not disposed by the server) instead of the run folder.</summary>
    public ShopStreamServerBuilder WithStore(IServingStore store, IRunAnalytics analytics)
    {
        _store = store;
        _analytics = analytics;
        return this;
    }

    /// <summary>
    /// Reads profiles, the summary and hourly metrics from <paramref name="store"/> (not disposed by the server), and
    /// minute metrics, products, alerts and status from the run folder, which a serving store does not hold.
    /// </summary>
    public ShopStreamServerBuilder WithServingStore(IServingStore store)
    {
        _store = store;
        _analytics = null;
        return this;
    }

    /// <summary>
    /// Serves beside <paramref name="live"/>, a pipeline running in this process: <c>/api/pipeline</c> shows its progress
    /// and checkpoints, and its instruments are created on this server's meters so <c>/metrics</c> exports them (build
    /// the server before the pipeline starts). Pair it with <see cref="WithStore"/> to read its state. The server then
    /// leaves Ctrl+C and SIGTERM to the command that embeds it.
    /// </summary>
    public ShopStreamServerBuilder WithLive(LivePipeline live)
    {
        _live = live;
        return this;
    }

    /// <summary>
    /// The collector appends to <paramref name="log"/> (disposed with the server) instead of <c>OutDirectory/log</c>:
    /// a Kafka processor instance collects into the topic its group processes (instances share their folder, and
    /// only one process may open an embedded log).
    /// </summary>
    public ShopStreamServerBuilder WithCollectorLog(Core.Log.IEventLog log)
    {
        _collectorLog = log;
        return this;
    }

    /// <summary>The least severe log messages written to the console (default: warnings).</summary>
    public ShopStreamServerBuilder WithLogLevel(LogLevel level)
    {
        _logLevel = level;
        return this;
    }

    public ShopStreamServer Build()
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RunFolderStore? owned = null;
        EventCollector? collector = null;
        var made = new NewCollectorFiles(options.LogDirectory, embeddedLog: _collectorLog is null);
        try
        {
            if (_analytics is null)
                owned = new RunFolderStoreBuilder(options.OutDirectory).WithReloadInterval(options.ReloadInterval).Build();
            IServingStore store = _store ?? owned!;
            IRunAnalytics analytics = _analytics ?? owned!;

            var collecting = new EventCollectorBuilder(options.LogDirectory).WithPartitions(options.LogPartitions).WithFsync(options.Fsync);
            collector = (_collectorLog is null ? collecting : collecting.WithLog(_collectorLog)).Build();
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.UseUrls([.. options.Urls]);
            builder.Logging.SetMinimumLevel(_logLevel);

            // A host that fails to start (a port in use) is reported by the caller in one line; the host's own log of
            // it is that line again under 25 lines of stack trace.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            builder.Services.AddShopStreamApi(options, store, analytics, collector);
            if (_live is not null)
            {
                builder.Services.AddSingleton(_live);
                builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, Hosting.EmbeddedLifetime>(); // signals are the command's
            }
            var app = builder.Build();
            _live?.UseMeters(app.Services.GetRequiredService<IMeterFactory>());
            app.UseShopStreamApi();
            return new ShopStreamServer(app, owned, collector, options.Urls, made);
        }
        catch
        {
            made.Remove(); // before the collector lets go of the log's lock
            collector?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            owned?.Dispose();
            throw;
        }
    }
}
