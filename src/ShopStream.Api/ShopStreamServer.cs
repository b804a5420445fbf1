using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopStream.Api.Collector;
using ShopStream.Core.Log.Embedded;

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
    private readonly IReadOnlyList<string> _createdByBuild;
    private bool _started;

    /// <param name="createdByBuild">Paths the build created (parents first): removed when the server never started.</param>
    internal ShopStreamServer(WebApplication app, IDisposable? ownedStore, EventCollector collector, IReadOnlyList<string> urls, IReadOnlyList<string> createdByBuild)
    {
        _app = app;
        _ownedStore = ownedStore;
        _collector = collector;
        _createdByBuild = createdByBuild;
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
        await _app.DisposeAsync().ConfigureAwait(false);
        await _collector.DisposeAsync().ConfigureAwait(false);
        _ownedStore?.Dispose();
        if (_started)
            return;
        // It never took an event: its new log, dead-letter file and folder are empty and nobody else's. A folder goes
        // with what is in it only when that is a log without records (its partitions' empty segments).
        foreach (string path in _createdByBuild.Reverse())
        {
            if (File.Exists(path))
                File.Delete(path);
            else if (Directory.Exists(path) && (!Directory.EnumerateFileSystemEntries(path).Any() || (FileEventLogBuilder.Exists(path) && FileEventLogBuilder.HoldsNoRecords(path))))
                Directory.Delete(path, recursive: true);
        }
    }
}
