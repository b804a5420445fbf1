using ShopStream.Core.Checkpoints;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.LogProcessing;
using ShopStream.Core.Output;
using ShopStream.Core.Processing;
using ShopStream.Core.Tests.Checkpoints;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.LogProcessing;

public sealed class LogProcessorTests
{
    private static readonly PipelineOptions s_options = new() { Partitions = 3, ParseThreads = 1, BatchSize = 500 };
    private const string StartOver = "start over so";

    [Fact]
    public void Processing_the_ingested_log_gives_the_outputs_of_a_run_over_the_input()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 4);
        string run = temp.File("run");
        CheckpointedRun.Run(input, run, s_options, CheckpointPolicy.EveryNEvents(long.MaxValue));
        string logDir = temp.File("log");
        Ingest([input], logDir);

        string processed = temp.File("processed");
        using (var log = Open(logDir))
            new RunDirectory(processed).WriteResults(new LogProcessor(log, new RunDirectory(processed), s_options, "test", CheckpointPolicy.EveryNEvents(1500)).Run());

        AssertSameResults(run, processed);

        // What several instances sharing the output folder would merge: the same, from the partitions' checkpoints.
        string merged = temp.File("merged");
        using (var log = Open(logDir))
            new RunDirectory(merged).WriteResults(CheckpointedResults.Merge(log, new RunDirectory(processed), s_options, StartOver));
        AssertSameResults(run, merged);
    }

    [Fact]
    public void Processing_resumes_from_its_checkpoints_and_goes_on_with_what_was_appended_since()
    {
        using var temp = new TempFolder();
        string inputs = temp.File("inputs");
        Directory.CreateDirectory(inputs);
        string all = temp.File("all.csv");
        ShiftedSample.Write(all, copies: 4);
        var lines = File.ReadAllLines(all);
        int half = lines.Length / 2;
        File.WriteAllLines(Path.Combine(inputs, "a.csv"), lines[..half]);
        string logDir = temp.File("log"), processed = temp.File("processed");

        Ingest(InputFiles.Resolve(inputs).Select(i => i.Name).ToArray(), logDir);
        long firstHalf;
        using (var log = Open(logDir))
        {
            var first = new LogProcessor(log, new RunDirectory(processed), s_options, "g", CheckpointPolicy.EveryNEvents(2000));
            new RunDirectory(processed).WriteResults(first.Run());
            firstHalf = Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p));
            Assert.Equal(0, first.Resumed);
            Assert.Equal(firstHalf, first.Processed);

            // Every partition's checkpoint has reached the log's end; in a folder without checkpoints, none has; with
            // another run's (an instance with other options), asking is refused, as merging them would be (it waited
            // for the partitions as if behind, then failed as an unexpected error).
            Assert.Empty(CheckpointedResults.Unfinished(log, new RunDirectory(processed), s_options, StartOver));
            Assert.Equal([0, 1, 2], CheckpointedResults.Unfinished(log, new RunDirectory(temp.File("elsewhere")), s_options, StartOver));
            var other = s_options with { SessionGap = TimeSpan.FromMinutes(20) };
            var refused = Assert.Throws<CheckpointException>(() => CheckpointedResults.Unfinished(log, new RunDirectory(processed), other, StartOver));
            Assert.EndsWith("is a checkpoint of a different run (options SessionGap = 30m then, 20m now); " + StartOver, refused.Message, StringComparison.Ordinal);
            refused = Assert.Throws<CheckpointException>(() => CheckpointedResults.Merge(log, new RunDirectory(processed), other, StartOver));
            Assert.EndsWith(StartOver, refused.Message, StringComparison.Ordinal);
        }

        // Each partition's state went into its checkpoint through a temporary file, which is gone again.
        var checkpointFiles = Directory.GetFiles(new RunDirectory(processed).CheckpointFolder, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(checkpointFiles);
        Assert.DoesNotContain(checkpointFiles, f => f.EndsWith(DurableFile.TempSuffix, StringComparison.Ordinal));

        File.WriteAllLines(Path.Combine(inputs, "b.csv"), [lines[0], .. lines[half..]]);
        Ingest(InputFiles.Resolve(inputs).Select(i => i.Name).ToArray(), logDir);
        LogProcessor second;
        using (var log = Open(logDir))
        {
            Assert.Equal([0, 1, 2], CheckpointedResults.Unfinished(log, new RunDirectory(processed), s_options, StartOver)); // each partition grew
            second = new LogProcessor(log, new RunDirectory(processed), s_options, "g", CheckpointPolicy.EveryNEvents(2000));
            new RunDirectory(processed).WriteResults(second.Run());
            Assert.Equal(Enumerable.Range(0, log.Partitions).Sum(p => log.EndOffset(p)) - firstHalf, second.Processed); // only what was appended since
            for (int p = 0; p < log.Partitions; p++)
                Assert.Equal(log.EndOffset(p), log.Committed("g", p));
            Assert.Empty(CheckpointedResults.Unfinished(log, new RunDirectory(processed), s_options, StartOver));
        }

        Assert.Equal(3, second.Resumed);
        Assert.True(second.Processed > 0);
        string run = temp.File("run");
        CheckpointedRun.Run(inputs, run, s_options, CheckpointPolicy.EveryNEvents(long.MaxValue));
        AssertSameResults(run, processed);
    }

    [Fact]
    public void A_run_whose_partition_another_process_claims_meanwhile_stops_with_a_clear_error_and_writes_no_more_checkpoints()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 2);
        string logDir = temp.File("log");
        Ingest([input], logDir);
        var output = new RunDirectory(temp.File("processed"));
        string p0 = Path.Combine(output.CheckpointFolder, "p0");

        using var log = new ClaimingLog(Open(logDir), partition: 0, p0);
        var error = Assert.Throws<PartitionTakenOverException>(
            () => new LogProcessor(log, output, s_options, "g", CheckpointPolicy.EveryNEvents(500)).Run());

        Assert.Equal(0, error.Partition);
        Assert.Contains("taken over by another instance", error.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(p0, "*.ckpt")); // the first, before the claim; none after it
        Assert.Equal(log.CommittedAtClaim, log.Committed("g", 0));
    }

    [Fact]
    public void Records_retention_deleted_before_a_new_state_read_them_are_named_and_counted()
    {
        using var temp = new TempFolder();
        string input = temp.File("events.csv");
        ShiftedSample.Write(input, copies: 2);
        string logDir = temp.File("log");
        using (var log = OpenRetaining(logDir))
            new LogIngest(InputFiles.Resolve(input), null, log, temp.File("ingest-rejected.jsonl")).Run();
        var warnings = new List<string>();

        using (var log = OpenRetaining(logDir))
        {
            long start = log.StartOffset(0), end = log.EndOffset(0);
            Assert.True(start > 0, "retention deleted nothing: the test needs a smaller limit");
            var processor = new LogProcessor(log, new RunDirectory(temp.File("processed")), s_options, "g", CheckpointPolicy.EveryNEvents(2000)) { Warning = warnings.Add };

            processor.Run();

            Assert.Equal(start, processor.Gone); // was 0: the processor started at the log's start and said nothing
            Assert.Equal(end - start, processor.Processed);
            Assert.Equal($"partition 0: {start:N0} records (offsets 0 to {start - 1}) were deleted from the log (retention) before this state's first read: "
                + "they are not in the results, though the summary's read and accepted counts (the ingest's) include them", Assert.Single(warnings));
        }
    }

    [Fact]
    public void Records_retention_deleted_after_a_checkpoint_and_before_they_were_read_are_named_and_skipped()
    {
        using var temp = new TempFolder();
        string all = temp.File("all.csv");
        ShiftedSample.Write(all, copies: 2);
        var lines = File.ReadAllLines(all);
        string inputs = temp.File("inputs");
        Directory.CreateDirectory(inputs);
        File.WriteAllLines(Path.Combine(inputs, "a.csv"), lines[..500]);
        string logDir = temp.File("log"), processed = temp.File("processed");
        using (var log = OpenRetaining(logDir))
            new LogIngest(InputFiles.Resolve(inputs), null, log, temp.File("ingest-rejected.jsonl")).Run();
        long checkpointed;
        using (var log = OpenRetaining(logDir))
        {
            new LogProcessor(log, new RunDirectory(processed), s_options, "g", CheckpointPolicy.EveryNEvents(2000)).Run();
            checkpointed = log.EndOffset(0);
        }

        File.WriteAllLines(Path.Combine(inputs, "b.csv"), [lines[0], .. lines[500..]]);
        using (var log = OpenRetaining(logDir))
            new LogIngest(InputFiles.Resolve(inputs), null, log, temp.File("ingest-rejected.jsonl")).Run();
        var warnings = new List<string>();

        using (var log = OpenRetaining(logDir))
        {
            long start = log.StartOffset(0), end = log.EndOffset(0);
            Assert.True(start > checkpointed, "retention kept the checkpoint's offset: the test needs a smaller limit");
            var processor = new LogProcessor(log, new RunDirectory(processed), s_options, "g", CheckpointPolicy.EveryNEvents(2000)) { Warning = warnings.Add };

            processor.Run(); // threw before: the reader refused an offset below the partition's start

            Assert.Equal(start - checkpointed, processor.Gone);
            Assert.Equal(end - start, processor.Processed);
            Assert.StartsWith($"partition 0: {start - checkpointed:N0} records (offsets {checkpointed} to {start - 1}) were deleted from the log (retention) after its checkpoint, before they were processed",
                Assert.Single(warnings), StringComparison.Ordinal);
            Assert.Equal(end, log.Committed("g", 0));
        }
    }

    // One partition of 16 KiB segments, of which retention keeps 64 KiB: about 600 of the sample's events.
    private static FileEventLog OpenRetaining(string dir) => new FileEventLogBuilder(dir).WithOptions(new FileEventLogOptions
    {
        Partitions = 1,
        Fsync = FsyncPolicy.OnClose,
        SegmentBytes = 16 * 1024,
        Retention = LogRetention.BySize(64 * 1024),
    }).Build();

    // A log whose partition is claimed by "another process" right after this run's first commit of it.
    private sealed class ClaimingLog(FileEventLog inner, int partition, string folder) : IEventLog
    {
        public long? CommittedAtClaim { get; private set; }

        public int Partitions => inner.Partitions;

        public string Identity => inner.Identity;

        public long Append(int p, LogBatch batch, ReadOnlySpan<byte> sourcePosition = default) => inner.Append(p, batch, sourcePosition);

        public ValueTask<long> AppendAsync(int p, LogBatch batch, ReadOnlyMemory<byte> sourcePosition = default, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(p, batch, sourcePosition, cancellationToken);

        public void Flush() => inner.Flush();

        public long StartOffset(int p) => inner.StartOffset(p);

        public long EndOffset(int p) => inner.EndOffset(p);

        public byte[]? LastSourcePosition(int p) => inner.LastSourcePosition(p);

        public ILogReader OpenReader(int p, long offset) => inner.OpenReader(p, offset);

        public void Commit(string group, int p, long offset)
        {
            inner.Commit(group, p, offset);
            if (p == partition && CommittedAtClaim is null)
            {
                CommittedAtClaim = offset;
                PartitionClaim.Take(folder);
            }
        }

        public void Commit(string group, ReadOnlySpan<PartitionOffset> offsets) => inner.Commit(group, offsets);

        public long? Committed(string group, int p) => inner.Committed(group, p);

        public void Dispose() => inner.Dispose();
    }

    private static void Ingest(string[] inputs, string logDir)
    {
        using var log = Open(logDir);
        var files = inputs.SelectMany(i => InputFiles.Resolve(i)).ToList();
        new LogIngest(files, null, log, Path.Combine(logDir, "..", "ingest-rejected.jsonl")).Run();
    }

    private static FileEventLog Open(string dir) =>
        new FileEventLogBuilder(dir).WithOptions(new FileEventLogOptions { Partitions = 3, Fsync = FsyncPolicy.OnClose }).Build();

    // Everything but the dead letters (the log's late events are dead-lettered per partition, as canonical JSON)
    // and the price-change alerts (which need the whole stream in arrival order) is the same.
    private static void AssertSameResults(string run, string processed)
    {
        var expected = CheckpointedRun.Outputs(run).Where(f => !f.Key.StartsWith("rejected", StringComparison.Ordinal)).ToDictionary();
        var actual = CheckpointedRun.Outputs(processed).Where(f => !f.Key.StartsWith("rejected", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected)
        {
            if (name == "alerts.csv")
                Assert.Equal(WithoutPriceChanges(bytes), WithoutPriceChanges(actual[name]));
            else
                Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
        }
    }

    private static string[] WithoutPriceChanges(byte[] csv) =>
        [.. System.Text.Encoding.UTF8.GetString(csv).Split('\n').Where(l => !l.StartsWith("price_change,", StringComparison.Ordinal))];
}
