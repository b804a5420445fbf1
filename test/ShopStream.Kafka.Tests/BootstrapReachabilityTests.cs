using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;

namespace ShopStream.Kafka.Tests;

public sealed class BootstrapReachabilityTests
{
    [Theory]
    [InlineData("127.0.0.1:{0}")]
    [InlineData("PLAINTEXT://127.0.0.1:{0}")]
    [InlineData("127.0.0.1:1, localhost:{0}")] // the first refused: the next one is tried
    public void Any_server_that_accepts_a_connection_will_do(string servers)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;

            BootstrapReachability.Require(string.Format(System.Globalization.CultureInfo.InvariantCulture, servers, port), TimeSpan.FromSeconds(5));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void An_ipv6_address_in_brackets_is_connected_to()
    {
        var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;

            BootstrapReachability.Require($"[::1]:{port}", TimeSpan.FromSeconds(5));
            var refused = Assert.Throws<KafkaException>(() => BootstrapReachability.Require("[::1]:1", TimeSpan.FromSeconds(5)));
            Assert.Equal("no bootstrap server accepts a connection: [::1]:1 connection refused", refused.Error.Reason);
        }
        finally
        {
            listener.Stop();
        }
    }
}
