using System.Text;
using System.Text.Json;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Processing.Profiles;
using ShopStream.Core.Processing.Sessions;

namespace ShopStream.Core.Tests;

/// <summary>A finished test run: the pipeline's result, the reader's counters and the dead-letter lines.</summary>
internal sealed record TestRun(RunResult Result, ReadCounters Counters, IReadOnlyList<JsonElement> DeadLetters, string DeadLetterText)
{
    public RunSummary Summary => Result.Summary;

    public List<CustomerProfile> Profiles => [.. Result.Profiles];

    public List<SessionRecord> Sessions => [.. Result.Sessions];

    public JsonElement SingleDeadLetter() => Assert.Single(DeadLetters);

    /// <summary>
    /// Read = accepted + rejected, and one dead letter per rejected record or accepted event dropped from the
    /// windows as late: SPEC's "nothing is lost".
    /// </summary>
    public void AssertNothingLost()
    {
        Assert.Equal(Summary.EventsRead, Summary.EventsAccepted + Summary.EventsRejected);
        Assert.Equal(Summary.EventsRejected + Summary.LateEventsDropped, DeadLetters.Count);
    }
}

/// <summary>Runs the reader and the stream pipeline in memory, the way the CLI wires them.</summary>
internal static class TestPipeline
{
    public static PipelineOptions Options(int partitions = 1, int parseThreads = 1) => new() { Partitions = partitions, ParseThreads = parseThreads };

    public static TestRun Run(string text, InputFormat? format = InputFormat.Rees46, PipelineOptions? options = null) =>
        Run(Encoding.UTF8.GetBytes(text), format, options);

    public static TestRun Run(byte[] bytes, InputFormat? format = InputFormat.Rees46, PipelineOptions? options = null) =>
        Run([InputFile.FromStream("test", new MemoryStream(bytes))], format, options);

    public static TestRun Run(IReadOnlyList<InputFile> inputs, InputFormat? format, PipelineOptions? options = null)
    {
        var deadLetters = new MemoryStream();
        var writer = new DeadLetterWriter(deadLetters);
        options ??= Options();
        var reader = new EventReader(inputs, format, writer, options.BatchSize, options.ParseThreads);
        var result = StreamPipeline.Run(reader, options);
        writer.Dispose();
        string text = Encoding.UTF8.GetString(deadLetters.ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return new TestRun(result, reader.Counters, lines, text);
    }

    /// <summary>The accepted events (copied out of the reader's batches), with the counters and dead letters.</summary>
    public static (List<ShopEvent> Events, TestRun Rejects) Read(string text, InputFormat? format = InputFormat.Rees46) =>
        Read(Encoding.UTF8.GetBytes(text), format);

    public static (List<ShopEvent> Events, TestRun Rejects) Read(byte[] bytes, InputFormat? format = InputFormat.Rees46)
    {
        var events = new List<ShopEvent>();
        var deadLetters = new MemoryStream();
        var writer = new DeadLetterWriter(deadLetters);
        var reader = new EventReader([InputFile.FromStream("test", new MemoryStream(bytes))], format, writer);
        reader.ReadAll(batch => events.AddRange(batch.Events.AsSpan(0, batch.Count)));
        writer.Dispose();
        string text = Encoding.UTF8.GetString(deadLetters.ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        // Read only parses: its result is that of an empty stream (the events are returned instead).
        var empty = StreamPipeline.Run(new EventReader([InputFile.FromStream("empty", new MemoryStream())], format, writer), new PipelineOptions { Partitions = 1 });
        return (events, new TestRun(empty, reader.Counters, lines, text));
    }

    /// <summary>The summary as summary.json, parsed: what users and the golden tables see.</summary>
    public static JsonElement SummaryJsonOf(RunSummary summary)
    {
        using var s = new MemoryStream();
        SummaryJson.Write(s, summary);
        return JsonDocument.Parse(s.ToArray()).RootElement.Clone();
    }

    public static byte[] ProfilesCsvOf(RunResult result)
    {
        using var s = new MemoryStream();
        ProfilesCsv.Write(s, result);
        return s.ToArray();
    }

    public static byte[] SessionsCsvOf(RunResult result)
    {
        using var s = new MemoryStream();
        SessionsCsv.Write(s, result);
        return s.ToArray();
    }

    public static byte[] SummaryBytesOf(RunSummary summary)
    {
        using var s = new MemoryStream();
        SummaryJson.Write(s, summary);
        return s.ToArray();
    }
}
