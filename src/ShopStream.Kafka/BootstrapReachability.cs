using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;

namespace ShopStream.Kafka;

/// <summary>
/// Whether any bootstrap server accepts a TCP connection, asked before a command's first Kafka request. librdkafka
/// retries an unreachable broker until the request's timeout (30 s by default) and then says only "Broker transport
/// failure"; a refused, unresolvable or silent address is reported here at once (a silent one within 5 s), naming
/// each server and why. Only the connection is tried: a broker that answers but advertises listeners this machine
/// cannot reach is still librdkafka's to report.
/// </summary>
internal static class BootstrapReachability
{
    private static readonly TimeSpan s_longestWait = TimeSpan.FromSeconds(5);

    /// <summary>Returns once a server of <paramref name="bootstrapServers"/> (validated HOST:PORT[,...]) accepts a connection; throws <see cref="KafkaException"/> naming each one's failure otherwise.</summary>
    public static void Require(string bootstrapServers, TimeSpan timeout)
    {
        var wait = timeout < s_longestWait ? timeout : s_longestWait;
        var failures = new List<string>();
        foreach (string server in bootstrapServers.Split(',', StringSplitOptions.TrimEntries))
        {
            int colon = server.LastIndexOf(':');
            string host = server[..colon];
            host = host[(host.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0)..].Trim('[', ']'); // PLAINTEXT://[::1]:9092
            int port = int.Parse(server.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp); // dual mode: IPv4 and IPv6 alike
            using var within = new CancellationTokenSource(wait);
            try
            {
                socket.ConnectAsync(new DnsEndPoint(host, port), within.Token).AsTask().GetAwaiter().GetResult();
                return;
            }
            catch (SocketException ex)
            {
                failures.Add($"{server} {ex.Message.ToLowerInvariant()}");
            }
            catch (OperationCanceledException)
            {
                failures.Add($"{server} did not answer within {wait.TotalSeconds:0.#} s");
            }
        }

        throw new KafkaException(new Error(ErrorCode.Local_AllBrokersDown, $"no bootstrap server accepts a connection: {string.Join("; ", failures)}"));
    }
}
