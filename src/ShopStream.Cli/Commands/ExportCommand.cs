using System.CommandLine;
using ShopStream.Core.Output;

namespace ShopStream.Cli.Commands;

/// <summary><c>shopstream export profiles --out DIR</c>: a finished run's profiles as CSV on stdout, sorted by user_id.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "The run's output folder", Required = true };
        var profiles = new Command("profiles", "Print the profiles of a finished run as CSV sorted by user_id") { output };
        profiles.SetAction(parse => Export(new RunDirectory(parse.GetRequiredValue(output)).ProfilesFile));
        return new Command("export", "Print a finished run's outputs") { profiles };
    }

    private static int Export(string file)
    {
        if (!File.Exists(file))
            return JobRunner.Fail(ExitCodes.BadInput, new FileNotFoundException($"no finished run here: '{file}' not found (run 'shopstream run' first)"));
        using var source = File.OpenRead(file);
        using var stdout = Console.OpenStandardOutput();
        source.CopyTo(stdout); // profiles.csv is already sorted by user_id
        return ExitCodes.Ok;
    }
}
