using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using ShopStream.Lake.Storage;

namespace ShopStream.Lake.Tests.Storage;

/// <summary>An S3 server that takes connections and never answers: a bounded wait and a message that says so.</summary>
public sealed class S3TimeoutTests
{
    [Fact]
    public async Task A_server_that_never_answers_fails_after_each_attempts_limit_naming_it_and_the_variable()
    {
        // Before, the SDK's defaults (100 s, three attempts) left a query or a run silent for five minutes.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                held.Add(await listener.AcceptTcpClientAsync(stop.Token));
        });
        var (error, endpoint) = await ReadFailure(listener, "t/_delta_log/00000000000000000000.json", retries: 1);

        Assert.Equal($"S3 read of s3://lake/p/t/_delta_log/00000000000000000000.json failed: {endpoint}/ did not answer within 1 s, 2 times (SHOPSTREAM_S3_TIMEOUT sets the limit in seconds)", error.Message);
        Assert.True(held.Count >= 1); // it did connect: the wait was for an answer
        await stop.CancelAsync();
        listener.Stop();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_download_whose_bytes_stop_coming_fails_after_the_limit_naming_it()
    {
        // The answer begins (200, 1,000 bytes announced), three bytes come, then nothing: the SDK's timeout had ended
        // with the headers, and the read waited for good.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            using var client = await BeginAnswerAsync(listener, stop.Token);
            await Task.Delay(Timeout.Infinite, stop.Token);
        });
        var (error, endpoint) = await ReadFailure(listener, "t/part-0.parquet", retries: 0);

        Assert.Equal($"S3 read of s3://lake/p/t/part-0.parquet failed: {endpoint}/ stopped sending it for 1 s (SHOPSTREAM_S3_TIMEOUT sets the limit in seconds)", error.Message);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);
    }

    [Theory]
    [InlineData(true, "transport connection")] // "Unable to read data from the transport connection: Connection reset by peer."
    [InlineData(false, "ended prematurely")] // a killed server's socket closed by its system: "The response ended prematurely ..."
    public async Task A_download_cut_off_names_the_object(bool reset, string cause)
    {
        // The server dies mid-answer (killed, restarted) after three of 1,000 bytes. That was the socket's or HTTP's
        // message alone, naming nothing.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            using var client = await BeginAnswerAsync(listener, stop.Token);
            await Task.Delay(200, stop.Token);
            if (reset)
                client.Client.LingerState = new LingerOption(true, 0); // closing now sends a reset, not an end
            client.Client.Close();
        });
        var (error, _) = await ReadFailure(listener, "t/part-0.parquet", retries: 0);

        Assert.StartsWith("S3 read of s3://lake/p/t/part-0.parquet failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
        await serving;
    }

    // Takes one connection, reads its request and begins the answer: 200, 1,000 bytes announced, three sent.
    private static async Task<TcpClient> BeginAnswerAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var client = await listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var request = new List<byte>();
        var buffer = new byte[4096];
        while (!System.Text.Encoding.ASCII.GetString([.. request]).Contains("\r\n\r\n", StringComparison.Ordinal))
            request.AddRange(buffer.AsSpan(0, await stream.ReadAsync(buffer, cancellationToken)).ToArray());
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/octet-stream\r\n\r\nabc"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        return client;
    }

    // A read of key from a lake on the listener's server, with a limit of 1 s: the failure it ends in, within 20 s.
    private static async Task<(IOException Error, string Endpoint)> ReadFailure(TcpListener listener, string key, int retries)
    {
        string endpoint = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var config = new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", Timeout = TimeSpan.FromSeconds(1), MaxErrorRetry = retries };
        using var storage = new S3LakeStorage(new AmazonS3Client(new BasicAWSCredentials("x", "y"), config), "lake", "p", ownsClient: true);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<IOException>(() => storage.ReadAsync(key));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        return (error, endpoint);
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData("5", 5)]
    [InlineData("86400", 86400)]
    public void The_timeout_variable_is_whole_seconds(string? value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LakeStorage.RequestTimeout(value));

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("5s")]
    [InlineData("1.5")]
    [InlineData("86401")]
    public void A_timeout_that_is_not_whole_seconds_is_refused_naming_the_variable(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => LakeStorage.RequestTimeout(value));

        Assert.StartsWith($"SHOPSTREAM_S3_TIMEOUT='{value}' is not a whole number of seconds from 1 to 86400", error.Message, StringComparison.Ordinal);
    }
}
