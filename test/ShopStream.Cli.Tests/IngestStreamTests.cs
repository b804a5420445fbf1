using System.Text;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream ingest --input -</c> into a log that already holds a stream: refused unless said to be the same stream.</summary>
public sealed class IngestStreamTests
{
    [Fact]
    public void A_second_stream_is_refused_and_the_same_one_resumes_with_same_stream()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        byte[] first = Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(3001)) + "\n");
        byte[] all = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        Assert.Equal(0, Cli.RunProcess(first, "ingest", "--input", "-", "--out", temp.Path, "--quiet").ExitCode);

        // Taken for a resume, it skipped as many rows as the log held: 3,000 of these 5,000.
        var (code, _, error) = Cli.RunProcess(all, "ingest", "--input", "-", "--out", temp.Path, "--quiet");
        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("'stdin' is a stream, which cannot be checked to be that one (--same-stream says it is)", error, StringComparison.Ordinal);

        (code, var output, error) = Cli.RunProcess(all, "ingest", "--input", "-", "--out", temp.Path, "--same-stream");
        Assert.Equal(0, code);
        Assert.Contains("appended 2,000 events", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
    }
}
