using System.Diagnostics;
using ShopStream.Tests;

namespace ShopStream.Kafka.Tests;

/// <summary>Runs the built <c>shopstream.dll</c> (beside the tests) as a child process, without <c>KAFKA_BOOTSTRAP_SERVERS</c>.</summary>
internal static class Shopstream
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = ShopstreamProcess.StartInfo(args);
        start.Environment.Remove("KAFKA_BOOTSTRAP_SERVERS");
        start.Environment.Remove("SHOPSTREAM_DEBUG");
        return start;
    }

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(); // a hung child fails the test instead of hanging the run
            Assert.Fail("shopstream did not exit within 90 s");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>One line starting <c>shopstream: </c>, and nothing that looks like a stack trace.</summary>
    public static void AssertOneLineError(string error, string expected)
    {
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("shopstream: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }
}
