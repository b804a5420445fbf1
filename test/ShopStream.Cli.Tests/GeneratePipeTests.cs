using System.Diagnostics;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream generate | head</c>: the generator stops when its reader goes, and does not claim it finished.</summary>
public sealed class GeneratePipeTests
{
    [Fact]
    public async Task Generate_stops_when_the_pipe_it_writes_closes()
    {
        using var process = Process.Start(ShopstreamProcess.StartInfo("generate", "--events", "50000000", "--seed", "1"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            Assert.StartsWith("event_time,", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            process.StandardOutput.Close(); // the reader goes, as head does after its lines

            // 50 million events take minutes to write: it ran on to its end, since .NET's console stream drops
            // writes to a closed pipe without a word, and then reported "generated 50,000,000 ... records".
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }

        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain("generated", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_to_a_named_pipe_stops_when_its_reader_goes_with_exit_0()
    {
        // `--to FIFO` whose reader was killed ended with exit 1 and "Broken pipe", where `| head` ends with 0.
        using var temp = new TempFolder();
        string fifo = temp.File("events.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
            await mkfifo.WaitForExitAsync();
        using var process = Process.Start(ShopstreamProcess.StartInfo("generate", "--events", "50000000", "--seed", "1", "--to", fifo, "--quiet"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using (var reader = new StreamReader(fifo))
                Assert.StartsWith("event_time,", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }

        Assert.Equal("", (await stderr).Trim());
        Assert.Equal(0, process.ExitCode);
    }
}
