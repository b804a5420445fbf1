using System.Buffers.Binary;
using ShopStream.Core.Checkpoints;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Checkpoints;

public sealed class CheckpointStoreTests
{
    private static readonly PipelineOptions s_options = new() { Partitions = 2, ParseThreads = 1, BatchSize = 256 };

    [Theory]
    [InlineData(5)] // the format before state lengths had 8 bytes
    [InlineData(99)]
    public void A_checkpoint_of_an_unknown_format_version_is_refused_not_misread(int version)
    {
        using var temp = new TempFolder();
        var (input, output, store) = Checkpointed(temp);
        string newest = store.Files()[^1];
        var bytes = File.ReadAllBytes(newest);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Core.Log.Embedded.Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4))); // as that version wrote it
        File.WriteAllBytes(newest, bytes);

        var error = Assert.Throws<UnknownCheckpointVersionException>(() => CheckpointedRun.Run(input, output, s_options, CheckpointPolicy.EveryNEvents(1000)));

        Assert.Equal(version, error.Version);
        Assert.Contains($"version {version};", error.Message, StringComparison.Ordinal);
        Assert.Contains("--from-scratch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_newest_checkpoint_falls_back_to_the_one_before()
    {
        using var temp = new TempFolder();
        var (input, _, store) = Checkpointed(temp);
        var files = store.Files();
        Assert.Equal(2, files.Count); // the newest two are kept
        var bytes = File.ReadAllBytes(files[^1]);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(files[^1], bytes);

        var restored = store.LoadLatest(RunKey.Of(Core.Ingest.InputFiles.Resolve(input), null, s_options)!);

        Assert.NotNull(restored);
        Assert.Equal(long.Parse(Path.GetFileNameWithoutExtension(files[0]), System.Globalization.CultureInfo.InvariantCulture), restored.Sequence);
    }

    [Fact]
    public void A_new_owners_checkpoint_after_a_fall_back_replaces_the_damaged_one_not_the_good_one_before_it()
    {
        using var temp = new TempFolder();
        string folder = temp.File("p0");
        var first = new CheckpointStore(folder, epoch: 1); // names e0000000001-SEQUENCE.ckpt, as a log partition's owner does
        for (long sequence = 1; sequence <= 3; sequence++)
            first.Save(sequence, w => w.WriteByte((byte)sequence));
        var kept = first.Files();
        Assert.Equal(2, kept.Count);
        File.WriteAllText(kept[^1], "damaged"); // the newest, e1-3

        var next = new CheckpointStore(folder, epoch: 2);
        var (value, path) = next.Newest(Read, out string? damage)!.Value;
        Assert.Equal((2, kept[0]), (value, path)); // fell back to e1-2
        Assert.NotNull(damage);
        next.Save(3, w => w.WriteByte(3));

        // Kept: e1-2 and e2-3, both readable. Kept were e1-3 (damaged) and e2-3, e1-2 deleted: a second damage left nothing.
        Assert.Equal([kept[0], Path.Combine(folder, "e0000000002-000000000003.ckpt")], next.Files());

        static int Read(string file) => File.ReadAllText(file) == "damaged" ? throw new CheckpointException($"{file} is damaged") : File.ReadAllBytes(file)[0];
    }

    [Fact]
    public void A_flipped_bit_in_the_newest_checkpoints_version_is_damage_and_falls_back_to_the_one_before()
    {
        using var temp = new TempFolder();
        var (input, _, store) = Checkpointed(temp);
        var files = store.Files();
        var bytes = File.ReadAllBytes(files[^1]);
        bytes[10] ^= 0x80; // version 6 read as 8,388,614, the checksum no longer agreeing
        File.WriteAllBytes(files[^1], bytes);

        // It refused the resume: "written in checkpoint format version 8388614; this shopstream reads version 6 only".
        var restored = store.LoadLatest(RunKey.Of(Core.Ingest.InputFiles.Resolve(input), null, s_options)!);

        Assert.NotNull(restored);
        Assert.Equal(long.Parse(Path.GetFileNameWithoutExtension(files[0]), System.Globalization.CultureInfo.InvariantCulture), restored.Sequence);
    }

    [Fact]
    public void No_readable_checkpoint_is_a_clear_error()
    {
        using var temp = new TempFolder();
        var (input, output, store) = Checkpointed(temp);
        foreach (string file in store.Files())
            File.WriteAllBytes(file, File.ReadAllBytes(file)[..40]);

        var error = Assert.Throws<CheckpointException>(() => CheckpointedRun.Run(input, output, s_options, CheckpointPolicy.EveryNEvents(1000)));

        Assert.Contains("no readable checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_of_another_run_is_not_resumed()
    {
        using var temp = new TempFolder();
        var (input, output, _) = Checkpointed(temp);

        var error = Assert.Throws<CheckpointException>(() =>
            CheckpointedRun.Run(input, output, s_options with { SessionGap = TimeSpan.FromMinutes(10) }, CheckpointPolicy.EveryNEvents(1000)));

        Assert.Contains("is a checkpoint of a different run (options SessionGap = 30m then, 10m now); ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("run with --from-scratch to start over", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_resume_names_the_input_that_changed()
    {
        using var temp = new TempFolder();
        string a = temp.File("a.csv"), b = temp.File("b.csv");
        File.WriteAllText(a, "event_time,event_type\n");
        File.WriteAllText(b, "event_time,event_type\n");
        string Key(params string[] files) => RunKey.Of([.. files.SelectMany(f => ShopStream.Core.Ingest.InputFiles.Resolve(f))], null, s_options)!;
        string before = Key(a, b);

        string sameSizeOtherBytes = Key(a, WriteAndReturn(b, "event_time,event_typE\n"));
        string longer = Key(a, WriteAndReturn(b, "event_time,event_type,x\n"));

        Assert.Equal($"input 2 ({b}): its first 64 KiB changed", RunKey.Difference(before, sameSizeOtherBytes));
        Assert.Equal($"input 2 ({b}): 22 bytes then, 24 bytes now", RunKey.Difference(sameSizeOtherBytes, longer));
        Assert.Equal($"input 1: {a} then, {b} now", RunKey.Difference(Key(a), Key(b)));
        Assert.Equal($"this run reads more inputs (input 2, {b}, is new)", RunKey.Difference(Key(a), before));
        Assert.Equal($"this run reads fewer inputs (input 2, {b}, is not read now)", RunKey.Difference(before, Key(a)));
        // A setting left unset is "none" (it was blank: "StateHorizon = 00:30:00 then,  now").
        Assert.StartsWith("options StateHorizon = 30m then, none now",
            RunKey.Difference(RunKey.Of([.. new[] { a }.SelectMany(f => ShopStream.Core.Ingest.InputFiles.Resolve(f))], null, s_options with { StateHorizon = TimeSpan.FromMinutes(30) })!, Key(a)), StringComparison.Ordinal);
        // (A setting derived from the changed ones may follow them.)
        Assert.StartsWith("options Partitions = 2 then, 3 now; DedupHorizon = 48h then, 1h now",
            RunKey.Difference(Key(a, b), RunKey.Of([.. new[] { a, b }.SelectMany(f => ShopStream.Core.Ingest.InputFiles.Resolve(f))], null, s_options with { Partitions = 3, DedupHorizon = TimeSpan.FromHours(1) })!), StringComparison.Ordinal);
    }

    private static string WriteAndReturn(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_refusal_says_how_to_start_over_as_the_store_was_told()
    {
        using var temp = new TempFolder();
        var (_, output, _) = Checkpointed(temp);
        var store = new CheckpointStore(Path.Combine(output, "checkpoint")) { StartOver = "start over with a new --out and a new --group" };

        // Kafka's processor said "run with --from-scratch", which Kafka refuses.
        var error = Assert.Throws<CheckpointException>(() => store.LoadLatest("another run"));

        Assert.EndsWith("; start over with a new --out and a new --group", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_threads_batch_size_and_naming_the_detected_format_do_not_change_the_run_key_but_inputs_formats_and_options_do()
    {
        using var temp = new TempFolder();
        string input = temp.File("a.csv");
        File.Copy(RepoPaths.Rees46Sample, input);
        var inputs = Core.Ingest.InputFiles.Resolve(input);
        string key = RunKey.Of(inputs, null, s_options)!;

        Assert.Equal(key, RunKey.Of(inputs, null, s_options with { ParseThreads = 4, BatchSize = 99 }));
        Assert.NotEqual(key, RunKey.Of(inputs, null, s_options with { Partitions = 3 }));
        Assert.Equal(key, RunKey.Of(inputs, Core.Ingest.InputFormat.Rees46, s_options)); // what detection reads
        Assert.NotEqual(key, RunKey.Of(inputs, Core.Ingest.InputFormat.JsonLines, s_options));
        File.AppendAllText(input, "2019-10-01 00:00:00 UTC,view,1,1,,,1.00,1,s\n");
        Assert.NotEqual(key, RunKey.Of(Core.Ingest.InputFiles.Resolve(input), null, s_options));

        // Replaced by other rows of the same size (a digit of a user id changed): another input, not a resume.
        File.Copy(RepoPaths.Rees46Sample, input, overwrite: true);
        var bytes = File.ReadAllBytes(input);
        int digit = Array.IndexOf(bytes, (byte)'5', Array.IndexOf(bytes, (byte)'\n') + 60);
        bytes[digit] = (byte)'6';
        File.WriteAllBytes(input, bytes);
        Assert.NotEqual(key, RunKey.Of(Core.Ingest.InputFiles.Resolve(input), null, s_options));
    }

    [Fact]
    public void Temporary_files_of_other_instances_survive_reads_and_only_stale_ones_are_cleaned()
    {
        using var temp = new TempFolder();
        var (input, _, store) = Checkpointed(temp);
        using var other = System.Diagnostics.Process.Start("sleep", "60")!; // another instance, alive and mid-write
        string mine = Path.GetFileName(Core.Log.Embedded.DurableFile.TempIn(store.Folder, "x"));
        string host = mine[(mine.LastIndexOf('-') + 1)..^".tmp".Length];
        string inFlight = Path.Combine(store.Folder, $"000000000099.ckpt.{other.Id}-inflight-{host}.tmp");
        string stale = Path.Combine(store.Folder, $"000000000098.ckpt.{other.Id}-crashed-{host}.tmp"); // or one whose id was reused
        File.WriteAllText(inFlight, "partial");
        File.WriteAllText(stale, "partial");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));

        Assert.NotNull(store.LoadLatest(RunKey.Of(Core.Ingest.InputFiles.Resolve(input), null, s_options)!));
        Assert.True(File.Exists(inFlight) && File.Exists(stale), "a read deleted a temporary file");

        store.Save(100, stream => stream.Write("x"u8));
        Assert.True(File.Exists(inFlight), "a save deleted a temporary file still being written");
        Assert.False(File.Exists(stale), "a save left a crashed write's temporary file");
        Assert.Empty(Directory.GetFiles(store.Folder, "000000000100.ckpt.*.tmp"));
        other.Kill();
    }

    // A run over the sample that checkpoints every 1,000 events and keeps its checkpoints (as a crashed run would).
    private static (string Input, string Output, CheckpointStore Store) Checkpointed(TempFolder temp)
    {
        string input = temp.File("events.csv");
        File.Copy(RepoPaths.Rees46Sample, input);
        string output = temp.File("out");
        var run = CheckpointedRun.Run(input, output, s_options, CheckpointPolicy.EveryNEvents(1000));
        Assert.True(run.Written >= 4);
        return (input, output, new CheckpointStore(Path.Combine(output, "checkpoint")));
    }
}
