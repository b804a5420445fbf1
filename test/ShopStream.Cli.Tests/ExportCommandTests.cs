using System.Globalization;
using System.Text;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary><c>shopstream export profiles</c>: a finished run's profiles as CSV on stdout, sorted by user_id.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ExportCommandTests
{
    [Fact]
    public void Export_profiles_prints_profiles_csv_sorted_by_user_id()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--quiet").ExitCode);

        // export writes to the process's standard output stream, so it runs as a child process.
        var (code, output, error) = Cli.RunProcess("export", "profiles", "--out", temp.Path);

        Assert.True(code == 0, error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "profiles.csv")), output);
        var lines = Encoding.UTF8.GetString(output).TrimEnd('\n').Split('\n');
        Assert.StartsWith("user_id,events,views,", lines[0], StringComparison.Ordinal);
        var ids = lines.Skip(1).Select(l => long.Parse(l[..l.IndexOf(',')], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1747, ids.Count);
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public void Export_without_a_finished_run_exits_2_with_one_line()
    {
        using var temp = new TempFolder();

        var (code, error) = Cli.Run("export", "profiles", "--out", temp.Path);

        Assert.Equal(2, code);
        Cli.AssertOneLineError(error);
        Assert.Contains("profiles.csv", error, StringComparison.Ordinal);
    }
}
