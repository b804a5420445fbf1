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
    private readonly IReadOnlyList<string> _urls;
    private readonly NewCollectorFiles _madeByBuild;
    private bool _started;

    /// <param name="madeByBuild">What the build made for the collector: removed when the server never started.</param>
    internal ShopStreamServer(WebApplication app, IDisposable? ownedStore, EventCollector collector, IReadOnlyList<string> urls, NewCollectorFiles madeByBuild)
    {
        _app = app;
        _ownedStore = ownedStore;
        _collector = collector;
        _madeByBuild = madeByBuild;
        _urls = urls;
    }

    /// <summary>The addresses Kestrel listens on once started (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    /// <exception cref="IOException">An address cannot be listened on (taken, or refused by the system).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // Kestrel reports a port in use as an IOException of its own, but an address the system refuses (an
            // IPv4-mapped IPv6 one, say) as the bare socket error: "unexpected error (SocketException): Invalid argument".
            throw new IOException($"cannot listen on {string.Join(", ", _urls)}: {ex.Message}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Serves until <paramref name="cancellationToken"/> fires or the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false); // its requests are done: nothing more is appended
        if (!_started)
            _madeByBuild.Remove(); // while the collector still holds the log's lock
        await _collector.DisposeAsync().ConfigureAwait(false);
        _ownedStore?.Dispose();
    }
}
