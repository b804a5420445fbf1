using System.Net;
using System.Net.Sockets;

namespace ShopStream.Postgres.Tests;

/// <summary>
/// A TCP proxy in front of the test server that can freeze: what a stalled server (stopped, or cut off by the network
/// with its connections open) looks like to a client. Once frozen, bytes stop flowing both ways, and new connections
/// are accepted (as a listening kernel does) but never answered.
/// </summary>
internal sealed class FreezingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _thaw = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TcpClient> _connections = [];
    private readonly string _host;
    private readonly int _port;
    private readonly Task _accepting;
    private volatile bool _frozen;

    public FreezingProxy(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Freeze() => _frozen = true;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _thaw.TrySetResult();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var c in _connections)
                c.Dispose();
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            lock (_connections)
                _connections.Add(client);
            if (_frozen)
                continue; // held open, never answered
            var server = new TcpClient();
            lock (_connections)
                _connections.Add(server);
            await server.ConnectAsync(_host, _port, _stop.Token).ConfigureAwait(false);
            _ = PumpAsync(client.GetStream(), server.GetStream());
            _ = PumpAsync(server.GetStream(), client.GetStream());
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                    return;
                if (_frozen)
                    await _thaw.Task.WaitAsync(_stop.Token).ConfigureAwait(false); // never: the bytes stop here
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
