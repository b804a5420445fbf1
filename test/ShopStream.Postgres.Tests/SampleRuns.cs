using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Postgres.Tests;

/// <summary>The pipeline run in-process on the bundled 5,000-row REES46 sample, or on its first rows.</summary>
internal static class SampleRuns
{
    private static readonly Lazy<RunResult> s_full = new(() => Run(File.ReadAllBytes(RepoPaths.Rees46Sample)));

    /// <summary>The whole sample (golden summary: 1,747 users, 1,753 sessions).</summary>
    public static RunResult Full => s_full.Value;

    /// <summary>The header and the first <paramref name="rows"/> rows: an earlier stretch of the same stream.</summary>
    public static RunResult Head(int rows) =>
        Run(Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(RepoPaths.Rees46Sample).Take(rows + 1)) + "\n"));

    /// <summary>The header and the last <paramref name="rows"/> rows: a later stretch of the same stream.</summary>
    public static RunResult Tail(int rows)
    {
        var lines = File.ReadLines(RepoPaths.Rees46Sample).ToList();
        return Run(Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(1).Concat(lines.TakeLast(rows))) + "\n"));
    }

    /// <summary>The whole sample with another session gap: the same events, other sessions.</summary>
    public static RunResult WithSessionGap(TimeSpan gap) =>
        Run(File.ReadAllBytes(RepoPaths.Rees46Sample), options: new PipelineOptions { Partitions = 2, SessionGap = gap });

    /// <summary>A run of JSON lines (events as SPEC names their fields).</summary>
    public static RunResult FromJsonLines(params string[] lines) => Run(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), InputFormat.JsonLines);

    private static RunResult Run(byte[] input, InputFormat format = InputFormat.Rees46, PipelineOptions? options = null)
    {
        using var deadLetters = new DeadLetterWriter(new MemoryStream());
        options ??= new PipelineOptions { Partitions = 2 };
        var reader = new EventReader([InputFile.FromStream("sample", new MemoryStream(input))], format, deadLetters, options.BatchSize, options.ParseThreads);
        return StreamPipeline.Run(reader, options);
    }
}
