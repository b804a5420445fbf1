using System.Text;
using ShopStream.Core.Ingest;
using ShopStream.Core.Processing;
using ShopStream.Core.Validation;

namespace ShopStream.Generator.Tests;

/// <summary>Generates in memory, and runs ShopStream's real reader and pipeline over the result.</summary>
internal static class Generate
{
    /// <summary>A small, quick configuration: a small catalogue, REES46 by default.</summary>
    public static GeneratorOptions Options(long events, OutputFormat format = OutputFormat.Rees46, ulong seed = 46) =>
        new() { Events = events, Format = format, Seed = seed, Products = 5_000 };

    public static (byte[] Bytes, GeneratorStats Stats) Run(GeneratorOptions options, RatePacer? pacer = null)
    {
        using var output = new MemoryStream();
        var stats = new TrafficGenerator(options).Run(output, pacer);
        return (output.ToArray(), stats);
    }

    public static string[] Lines(byte[] bytes) => Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static InputFormat FormatOf(OutputFormat format) => format switch
    {
        OutputFormat.Rees46 => InputFormat.Rees46,
        OutputFormat.JsonLines => InputFormat.JsonLines,
        _ => InputFormat.Orders,
    };

    /// <summary>The real thing: ShopStream.Core's reader (format given, or detected when null) and stream pipeline.</summary>
    public static (RunSummary Summary, RejectCounter Rejects) Pipeline(byte[] bytes, InputFormat? format, int partitions = 1)
    {
        var rejects = new RejectCounter();
        var options = new PipelineOptions { Partitions = partitions, ParseThreads = partitions };
        var reader = new EventReader([InputFile.FromStream("generated", new MemoryStream(bytes))], format, rejects, options.BatchSize, options.ParseThreads);
        var result = StreamPipeline.Run(reader, options);
        return (result.Summary, rejects);
    }
}

/// <summary>Counts rejected records by reason, and keeps the first few for messages.</summary>
internal sealed class RejectCounter : IRejectSink
{
    public Dictionary<string, long> ByReason { get; } = [];

    public List<string> Samples { get; } = [];

    public void Reject(string source, long line, RejectReason reason, ReadOnlySpan<byte> raw, long rawLength)
    {
        string name = RejectReasons.Name(reason);
        ByReason[name] = ByReason.GetValueOrDefault(name) + 1;
        if (Samples.Count < 5)
            Samples.Add($"{name} line {line}: {Encoding.UTF8.GetString(raw)}");
    }
}
