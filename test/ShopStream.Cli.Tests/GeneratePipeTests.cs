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
        var (code, error) = await ExitOf(process, async () =>
        {
            using var reader = new StreamReader(fifo);
            Assert.StartsWith("event_time,", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        });

        Assert.Equal("", error);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task A_reader_gone_before_the_first_record_is_counted_is_still_exit_0()
    {
        // JSON lines fill the pipe before the progress counter's first update: `| head -1` then ended with exit 1 and
        // "Broken pipe" in about one run in five, where it needed a record counted to be taken for a reader gone.
        // Ten records never reach the counter's first update: the write at the end meets the closed pipe.
        using var process = Process.Start(ShopstreamProcess.StartInfo("generate", "--events", "10", "--format", "jsonl", "--seed", "1", "--quiet"))!;
        var (code, error) = await ExitOf(process, () =>
        {
            process.StandardOutput.Close(); // gone before anything is read
            return Task.CompletedTask;
        });

        Assert.Equal("", error);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Standard_output_on_a_full_disk_is_exit_1_naming_it_not_a_reader_gone()
    {
        // `generate > file` on a full disk exited 0 with nothing said and the file cut short: any write error on
        // standard output was taken for `| head`.
        var shell = ShopstreamProcess.StartInfoUnder("sh", ["-c", "exec \"$0\" \"$@\" > /dev/full"], "generate", "--events", "100000", "--seed", "1");
        using var process = Process.Start(shell)!;
        string error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
    }

    // Does what the test does while the process runs, then waits for its end (killed if it does not come): its exit
    // code and stderr.
    private static async Task<(int ExitCode, string Error)> ExitOf(Process process, Func<Task> meanwhile)
    {
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await meanwhile();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }

        return (process.ExitCode, (await stderr).Trim());
    }
}
