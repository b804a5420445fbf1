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
        Assert.Contains("summary.json not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_refuses_profiles_without_their_summary_and_an_empty_folder_name()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.File("run"), "--quiet").ExitCode);
        Directory.CreateDirectory(temp.File("unfinished"));
        File.Copy(temp.File("run/profiles.csv"), temp.File("unfinished/profiles.csv"));

        var unfinished = Cli.Run("export", "profiles", "--out", temp.File("unfinished"));
        var empty = Cli.Run("export", "profiles", "--out", "");

        Assert.Equal(2, unfinished.ExitCode);
        Assert.Contains("no finished run", unfinished.Error, StringComparison.Ordinal);
        Assert.Equal(2, empty.ExitCode);
        Cli.AssertOneLineError(empty.Error);
        Assert.Contains("--out is empty", empty.Error, StringComparison.Ordinal);

        var file = Cli.Run("export", "profiles", "--out", temp.File("run/summary.json")); // "no finished run in '.../summary.json'"
        Assert.Equal(2, file.ExitCode);
        Assert.Equal($"shopstream: --out {temp.File("run/summary.json")} is a file: give the run's output folder (the one holding summary.json)", file.Error.Trim());
    }

    [Fact]
    public void Export_counts_a_quoted_line_break_inside_a_field_as_part_of_its_row()
    {
        using var temp = new TempFolder();
        string input = temp.File("in.csv");
        File.WriteAllText(input, File.ReadLines(RepoPaths.Rees46Sample).First() + "\n" +
            "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,\"acme\ninc\",35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n" +
            "2019-10-01 00:00:01 UTC,view,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc\n");
        Assert.Equal(0, Cli.Run("run", "--input", input, "--out", temp.File("out"), "--quiet").ExitCode);
        Assert.Contains("\"acme\ninc\"", File.ReadAllText(temp.File("out/profiles.csv")), StringComparison.Ordinal);

        var (code, output, error) = Cli.RunProcess("export", "profiles", "--out", temp.File("out"));

        Assert.True(code == 0, error);
        Assert.Equal(File.ReadAllBytes(temp.File("out/profiles.csv")), output);
    }

    [Theory]
    [InlineData("cut", "cut short")]
    [InlineData("other run", "holds 99 whole rows where summary.json counts 1,747 users")]
    [InlineData("not profiles", "does not begin with the profiles header")]
    [InlineData("summary without users", "cannot be read as a run summary: it has no \"users\" field")]
    public void Export_of_a_damaged_or_mismatched_profiles_file_exits_1(string damage, string expected)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, Cli.Run("run", "--input", RepoPaths.Rees46Sample, "--out", temp.Path, "--quiet").ExitCode);
        string profiles = Path.Combine(temp.Path, "profiles.csv");
        var lines = File.ReadAllLines(profiles);
        switch (damage)
        {
            case "cut":
                File.WriteAllBytes(profiles, File.ReadAllBytes(profiles)[..30_000]);
                break;
            case "other run":
                File.WriteAllLines(profiles, lines.Take(100));
                break;
            case "summary without users":
                string summary = Path.Combine(temp.Path, "summary.json");
                File.WriteAllText(summary, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(summary), "\"users\"", "\"buyers\""));
                break;
            default:
                File.WriteAllText(profiles, "garbage\n1,2\n");
                break;
        }

        var (code, output, error) = Cli.RunProcess("export", "profiles", "--out", temp.Path);

        Assert.Equal(1, code);
        Cli.AssertOneLineError(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        if (damage == "cut")
        {
            // The whole rows before the cut, and not the cut row's beginning (printed without its line end).
            byte[] whole = File.ReadAllBytes(profiles)[..(Array.LastIndexOf(File.ReadAllBytes(profiles), (byte)'\n') + 1)];
            Assert.Equal(whole, output);
        }
    }
}
