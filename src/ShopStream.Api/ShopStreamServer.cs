using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopStream.Api.Collector;

namespace ShopStream.Api;

/// <summary>
/// A running (or ready to run) <c>shopstream serve</c>: Kestrel with the API, collector and dashboard, the store it
/// reads and the collector's event log, all disposed with it. Built by <see cref="ShopStreamServerBuilder"/>.
/// </summary>
public sealed class ShopStreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IDisposable? _ownedStore;
    private readonly EventCollector _collector;

    internal ShopStreamServer(WebApplication app, IDisposable? ownedStore, EventCollector collector)
    {
        _app = app;
        _ownedStore = ownedStore;
        _collector = collector;
    }

    /// <summary>The addresses Kestrel listens on once started (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Serves until <paramref name="cancellationToken"/> fires or the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        await _collector.DisposeAsync().ConfigureAwait(false);
        _ownedStore?.Dispose();
    }
}
