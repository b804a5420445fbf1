using System.Diagnostics;
using System.Text.Json;
using ShopStream.Tests;

namespace ShopStream.Cli.Tests;

/// <summary>Runs the <c>shopstream</c> command in-process with stderr captured, or as a child process for stdout.</summary>
internal static class Cli
{
    public static (int ExitCode, string Error) Run(params string[] args)
    {
        var previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            int code = Program.Main(args);
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    /// <summary>Runs the built <c>shopstream.dll</c> (beside the tests) with <c>dotnet exec</c>; its stdout as bytes.</summary>
    public static (int ExitCode, byte[] Output, string Error) RunProcess(params string[] args) => RunProcess(null, args);

    /// <summary>As <see cref="RunProcess(string[])"/>, with <paramref name="stdin"/> piped to standard input when given.</summary>
    public static (int ExitCode, byte[] Output, string Error) RunProcess(byte[]? stdin, params string[] args) => RunProcess(stdin, null, args);

    /// <summary>As <see cref="RunProcess(byte[], string[])"/>, with <paramref name="environment"/> set for the process alone.</summary>
    public static (int ExitCode, byte[] Output, string Error) RunProcess(byte[]? stdin, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = ShopstreamProcess.StartInfo(args);
        start.RedirectStandardInput = stdin is not null;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            try
            {
                process.StandardInput.BaseStream.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // it stopped (an error, say) before reading all of its input
            }
        }

        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        Assert.True(process.WaitForExit(60_000), "shopstream did not exit within a minute");
        return (process.ExitCode, stdout.ToArray(), stderr.GetAwaiter().GetResult());
    }

    public static JsonElement ReadSummary(string outDir) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "summary.json"))).RootElement.Clone();

    /// <summary>One line starting <c>shopstream: </c>, and nothing that looks like a stack trace.</summary>
    public static void AssertOneLineError(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("shopstream: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }
}
