using Microsoft.Extensions.Hosting;

namespace ShopStream.Api.Hosting;

/// <summary>
/// The lifetime of a server embedded in a processing command (<c>run --serve</c>): the host neither listens for
/// Ctrl+C nor SIGTERM, so the command decides what a signal means (stop the run as before, or stop serving the results).
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
