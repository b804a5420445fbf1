using System.Text;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream ingest --input -</c> into a log that already holds a stream: new data once that one finished; the same stream again only when said to be.</summary>
[Collection(ConsoleCollection.Name)] // Cli.Run swaps the process's Console.Error
public sealed class IngestStreamTests
{
    [Fact]
    public void A_second_stream_after_a_finished_one_is_new_data_and_the_same_one_resumes_with_same_stream()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        byte[] first = Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(3001)) + "\n");
        byte[] all = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        Assert.Equal(0, Cli.RunProcess(first, "ingest", "--input", "-", "--out", temp.Path, "--quiet").ExitCode);
        using var copy = new TempFolder();
        CopyFolder(temp.Path, copy.Path);

        // The first stream finished: the next one is new data (a new day's export piped in), appended whole.
        var (code, output, error) = Cli.RunProcess(all, "ingest", "--input", "-", "--out", temp.Path);
        Assert.True(code == 0, error);
        Assert.Contains("new inputs", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
        Assert.Contains("appended 5,000 events", Encoding.UTF8.GetString(output), StringComparison.Ordinal);

        // Said to be the same stream, grown, it resumes after the rows the log holds.
        (code, output, error) = Cli.RunProcess(all, "ingest", "--input", "-", "--out", copy.Path, "--same-stream");
        Assert.True(code == 0, error);
        Assert.Contains("appended 2,000 events", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log")]
    [InlineData("kafka")]
    public void Same_stream_with_a_file_is_refused_not_ignored(string to)
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("ingest", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--to", to, "--same-stream", "--bootstrap", "127.0.0.1:1");

        Assert.Equal(2, code); // was 0, the option passed over
        Cli.AssertOneLineError(error);
        Assert.Contains("--same-stream is for --input - (standard input)", error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
