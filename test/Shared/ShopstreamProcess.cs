using System.Diagnostics;

namespace ShopStream.Tests;

/// <summary>The built <c>shopstream.dll</c> (copied beside the tests that reference the CLI) as a child process.</summary>
internal static class ShopstreamProcess
{
    /// <summary>How to start it with <paramref name="args"/>, its standard output and error redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "shopstream.dll"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>
    /// How to start it under <paramref name="program"/> (a tracer, a shell that redirects its output), which gets
    /// <paramref name="programArgs"/>, then the command line that starts shopstream with <paramref name="args"/>.
    /// </summary>
    public static ProcessStartInfo StartInfoUnder(string program, IReadOnlyList<string> programArgs, params string[] args)
    {
        var shopstream = StartInfo(args);
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[.. programArgs, shopstream.FileName, .. shopstream.ArgumentList])
            start.ArgumentList.Add(a);
        return start;
    }
}
