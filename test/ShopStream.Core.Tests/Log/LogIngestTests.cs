using System.Text;
using ShopStream.Core.Events;
using ShopStream.Core.Ingest;
using ShopStream.Core.Log;
using ShopStream.Core.Log.Embedded;
using ShopStream.Core.Processing;
using ShopStream.Tests;

namespace ShopStream.Core.Tests.Log;

/// <summary>Ingest into the embedded log: every accepted row once, even when an ingest is interrupted and run again.</summary>
public sealed class LogIngestTests
{
    private static readonly FileEventLogOptions s_options = new() { Partitions = 3, Fsync = FsyncPolicy.Never, SegmentBytes = 64 * 1024 };

    [Fact]
    public void Ingest_appends_every_accepted_event_to_its_users_partition_with_the_stream_max_time()
    {
        using var temp = new TempFolder();
        using var log = Open(temp);

        var result = Ingest(temp, log, [InputFile.FromPath(RepoPaths.Rees46Sample)]);

        Assert.Equal((5000L, 5000L, 0L, 5000L), (result.Read, result.Accepted, result.Rejected, result.Appended));
        var direct = TestPipeline.Read(File.ReadAllBytes(RepoPaths.Rees46Sample)).Events;
        long streamMax = long.MinValue;
        var expected = direct.Select(e => (e, max: streamMax = Math.Max(streamMax, e.EventTimeTicks))).ToList();
        for (int p = 0; p < 3; p++)
        {
            var stored = ReadAll(log, p);
            var mine = expected.Where(x => Partitioner.Of(x.e.UserId, 3) == p).ToList();
            Assert.Equal(mine.Select(x => (x.e.Fingerprint, x.max)), stored.Select(x => (x.Event.Fingerprint, x.StreamMax)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(41)]
    public void Interrupted_ingest_resumes_and_ends_byte_for_byte_as_an_uninterrupted_one(int appendsBeforeCrash)
    {
        var input = InputWithBadRows();
        using var clean = new TempFolder();
        using (var log = Open(clean))
            Ingest(clean, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        using var crashed = new TempFolder();
        using (var log = Open(crashed))
        {
            var failing = new FailingLog(log, appendsBeforeCrash); // dies in the middle of a block's appends
            Assert.Throws<IOException>(() => Ingest(crashed, failing, [InputFile.FromStream("in", new MemoryStream(input))]));
        }

        IngestResult resumed;
        using (var log = Open(crashed))
            resumed = Ingest(crashed, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        Assert.Equal(appendsBeforeCrash >= 3, resumed.ResumedAfter is not null); // until every partition holds a block, it starts over
        Assert.Equal(resumed.Read, resumed.Accepted + resumed.Rejected);
        Assert.Equal(LogBytes(clean), LogBytes(crashed));
        Assert.Equal(File.ReadAllBytes(DeadLetters(clean)), File.ReadAllBytes(DeadLetters(crashed)));
    }

    [Fact]
    public void Running_a_finished_ingest_again_appends_nothing()
    {
        using var temp = new TempFolder();
        using var log = Open(temp);
        var input = InputWithBadRows();
        var first = Ingest(temp, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        var again = Ingest(temp, log, [InputFile.FromStream("in", new MemoryStream(input))]);

        Assert.Equal(0, again.Appended);
        Assert.Equal((first.Read, first.Accepted, first.Rejected), (again.Read, again.Accepted, again.Rejected));
        Assert.Equal(first.Accepted, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void Another_file_ingested_into_a_log_is_refused_not_taken_for_a_resume_that_skips_its_first_rows()
    {
        using var temp = new TempFolder();
        using var log = Open(temp);
        string first = temp.File("day1.csv"), other = temp.File("day2.csv"), sameName = temp.File("again/day1.csv");
        File.WriteAllBytes(first, InputWithBadRows());
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        File.WriteAllLines(other, [lines[0], .. lines[1..].Reverse()]);
        Directory.CreateDirectory(Path.GetDirectoryName(sameName)!);
        File.WriteAllLines(sameName, [lines[0], .. lines[1..].Reverse()]); // the same name, other rows
        var ingested = Ingest(temp, log, [InputFile.FromPath(first)]);
        long[] ends = [.. Enumerable.Range(0, 3).Select(log.EndOffset)];

        var otherName = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(other)]));
        var otherContent = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(sameName)]));

        Assert.Contains("holds events of input #1 'day1.csv'", otherName.Message, StringComparison.Ordinal);
        Assert.Contains("input #1 here is 'day2.csv'", otherName.Message, StringComparison.Ordinal);
        Assert.Contains("'day1.csv' here begins with other content", otherContent.Message, StringComparison.Ordinal);
        Assert.Equal(ends, Enumerable.Range(0, 3).Select(log.EndOffset)); // nothing appended

        // The same file again, from another working folder's path, resumes at its end; with a new file after it, the
        // new file is appended whole.
        Assert.Equal(0, Ingest(temp, log, [InputFile.FromPath(Path.GetRelativePath(Environment.CurrentDirectory, first))]).Appended);
        var added = Ingest(temp, log, [InputFile.FromPath(first), InputFile.FromPath(other)]);
        Assert.Equal(lines.Length - 1, added.Appended);
        Assert.Equal(ingested.Accepted + lines.Length - 1, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void A_shorter_file_with_the_same_beginning_is_refused_not_resumed_past_its_end()
    {
        // Its first 64 KiB match, so it passes for the same input; resuming after the log's line would read nothing
        // and report the counts of rows the file no longer holds.
        using var temp = new TempFolder();
        using var log = Open(temp);
        string full = temp.File("day.csv"), cut = temp.File("cut/day.csv");
        File.Copy(RepoPaths.Rees46Sample, full);
        Directory.CreateDirectory(Path.GetDirectoryName(cut)!);
        File.WriteAllLines(cut, File.ReadLines(full).Take(3001));
        Ingest(temp, log, [InputFile.FromPath(full)]);

        var error = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(cut)]));

        Assert.Contains("day.csv' ends at line 3001, before line 5001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_into_a_log_that_holds_a_stream_is_refused_unless_said_to_be_the_same()
    {
        // A stream cannot be read twice to check it: a new day's data piped into the log would be taken for a resume
        // of the first and lose as many rows as that one had (a probe lost 50,000 of 80,000).
        using var temp = new TempFolder();
        using var log = Open(temp);
        var input = InputWithBadRows();
        var first = Ingest(temp, log, [InputFile.FromStream("stdin", new MemoryStream(input))], sameStream: false);

        var error = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromStream("stdin", new MemoryStream(input))], sameStream: false));

        Assert.Contains("'stdin' is a stream, which cannot be checked to be that one (--same-stream says it is)", error.Message, StringComparison.Ordinal);
        Assert.Equal(first.Accepted, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
        Assert.Equal(0, Ingest(temp, log, [InputFile.FromStream("stdin", new MemoryStream(input))], sameStream: true).Appended);
    }

    [Fact]
    public void An_input_read_in_another_format_than_the_log_holds_it_in_is_refused()
    {
        // Resumed as jsonl, a rees46 file's rows left were all rejected, and a later ingest in the right format found
        // the log at the file's end: none of them ever reached it.
        using var temp = new TempFolder();
        using var log = Open(temp);
        string file = temp.File("day1.csv");
        File.Copy(RepoPaths.Rees46Sample, file);
        var first = Ingest(temp, log, [InputFile.FromPath(file)], format: null); // detected: rees46

        var error = Assert.Throws<InputException>(() => Ingest(temp, log, [InputFile.FromPath(file)], format: InputFormat.JsonLines));

        Assert.Contains("but it was read as rees46 and would be read as jsonl here", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Ingest(temp, log, [InputFile.FromPath(file)], format: InputFormat.Rees46).Appended); // the same format, said
        Assert.Equal(first.Accepted, Enumerable.Range(0, 3).Sum(p => log.EndOffset(p)));
    }

    [Fact]
    public void A_position_of_version_2_has_no_input_format_and_is_still_read()
    {
        var named = new IngestPosition(new ResumePoint(2, 77), 10, 20, [1, 2, 3], 30, new InputIdentity("day1.csv", 0xDEADBEEF, InputFormat.Orders));
        var bytes = named.ToBytes();
        Assert.Equal(InputFormat.Orders, IngestPosition.FromBytes(bytes).Input!.Format);

        bytes = bytes[..^1]; // version 2 ended at the name
        bytes[0] = 2;

        Assert.Equal(named.Input! with { Format = null }, IngestPosition.FromBytes(bytes).Input);
    }

    [Fact]
    public void A_position_written_before_positions_named_their_input_is_still_read()
    {
        var position = new IngestPosition(new ResumePoint(2, 77), 10, 20, [1, 2, 3], 30);
        var named = position with { Input = new InputIdentity("day1.csv", 0xDEADBEEF) };

        var old = IngestPosition.FromBytes(position.ToBytes());
        var read = IngestPosition.FromBytes(named.ToBytes());

        Assert.Equal(1, position.ToBytes()[0]); // the first format, unchanged for positions without an input
        Assert.Null(old.Input);
        Assert.Equal((new ResumePoint(2, 77), 10L, 20L, 30L), (old.End, old.DeadLetterBytes, old.Accepted, old.StreamMaxTicks));
        Assert.Equal(named.Input, read.Input);
        Assert.Equal(named.End, read.End);
        Assert.Throws<LogFormatException>(() => IngestPosition.FromBytes(named.ToBytes()[..^3]));
    }

    // Streams here are the same input each time: the caller says so, as --same-stream does.
    private static IngestResult Ingest(TempFolder temp, IEventLog log, IReadOnlyList<InputFile> inputs, bool sameStream = true, InputFormat? format = InputFormat.Rees46) =>
        new LogIngest(inputs, format, log, DeadLetters(temp), parseThreads: 2, batchSize: 97) { SameStream = sameStream }.Run();

    private static FileEventLog Open(TempFolder temp) => new FileEventLogBuilder(Path.Combine(temp.Path, "log")).WithOptions(s_options).Build();

    private static string DeadLetters(TempFolder temp) => Path.Combine(temp.Path, "rejected", "ingest.jsonl");

    // The sample with a bad row every 250 lines, so dead letters are part of what must come out exactly once.
    private static byte[] InputWithBadRows()
    {
        var lines = File.ReadAllLines(RepoPaths.Rees46Sample);
        var text = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            text.Append(lines[i]).Append('\n');
            if (i > 0 && i % 250 == 0)
                text.Append("not,a,valid,row\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static List<(ShopEvent Event, long StreamMax)> ReadAll(IEventLog log, int partition)
    {
        var list = new List<(ShopEvent, long)>();
        var reader = log.OpenReader(partition, 0);
        var batch = new LogReadBatch();
        while (reader.Read(batch) > 0)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                LoggedEvent.Read(batch[i].Payload, out var e, out long max);
                list.Add((e, max));
            }
        }

        return list;
    }

    // Every partition's records (payloads in offset order) as one byte string per partition.
    private static string[] LogBytes(TempFolder temp)
    {
        using var log = Open(temp);
        return [.. Enumerable.Range(0, 3).Select(p =>
        {
            var all = new StringBuilder();
            var reader = log.OpenReader(p, 0);
            var batch = new LogReadBatch();
            while (reader.Read(batch) > 0)
            {
                for (int i = 0; i < batch.Count; i++)
                    all.Append(Convert.ToHexString(batch[i].Payload)).Append('|');
            }

            return all.ToString();
        })];
    }
}
